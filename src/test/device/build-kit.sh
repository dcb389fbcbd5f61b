#!/bin/bash
# Packs what the device tier needs on a machine with an NVIDIA driver but no JDK or Maven (the `device` tool's GPU
# machine): a trimmed Java runtime, the test and main classes, the jars the device tests use, the packaged runner and
# run.sh, as one .tar.xz under 64 MiB. Run from the repository root after `./mvnw test-compile` and a packaged build:
#   src/test/device/build-kit.sh [runner] [out-dir]     (defaults: target/*-runner, .devkit)
set -euo pipefail
runner=${1:-$(ls target/*-runner | head -1)}
out=${2:-.devkit}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kit=$work/kit
mkdir -p "$kit/lib"

jlink --add-modules java.base,java.logging,java.management,java.naming,java.net.http,java.xml,jdk.unsupported \
  --strip-debug --no-header-files --no-man-pages --compress=0 --output "$kit/jre"

./mvnw -q -o dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test
tr ':' '\n' < "$work/cp.txt" | grep -E '/(jna|assertj-core|grpc-(api|core|netty|stub|protobuf|protobuf-lite|util|context)|protobuf-java|guava|failureaccess|perfmark-api|jackson-(core|databind|annotations|datatype-jsr310)|netty-(common|buffer|codec|codec-http|codec-http2|handler|resolver|transport|transport-native-unix-common|transport-classes-epoll|transport-native-epoll))/' \
  | xargs -I{} cp {} "$kit/lib/"
console=org.junit.platform:junit-platform-console-standalone:$(tr ':' '\n' < "$work/cp.txt" | sed -n 's|.*/junit-platform-launcher-\(.*\)\.jar$|\1|p' | head -1)
./mvnw -q -o dependency:copy -Dartifact="$console" -DoutputDirectory="$kit/lib" \
  || ./mvnw -q dependency:copy -Dartifact="$console" -DoutputDirectory="$kit/lib"

cp -r target/classes "$kit/classes"
cp -r target/test-classes "$kit/test-classes"
cp "$runner" "$kit/runner"
cp src/test/device/run.sh "$kit/run.sh"

mkdir -p "$out"
tar -C "$work" -cf - kit | xz -T2 -6 > "$out/kit.tar.xz"
ls -l "$out/kit.tar.xz"
