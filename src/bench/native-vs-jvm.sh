#!/usr/bin/env bash
# Native vs JVM figures for the README's "Native image" section, in one run on this machine:
#   1. ./mvnw clean package -Dnative -DskipTests   under /usr/bin/time -v (build time, peak build memory)
#   2. ./mvnw clean package -DskipTests            under /usr/bin/time -v (with -Pbench, so that the benchmark
#      sources are compiled too; that profile adds nothing to the packaged scaler)
#   3. io.fusionscaler.bench.NativeVsJvmFigures (test classpath): startup to the first gRPC answer, RSS idle and
#      with 1,000 Kafka trackers + 1,000 open StreamIsActive streams, artifact sizes.
# Output: target-native-figures/report.md (plus the time -v outputs and the scalers' logs).
# Needs GRAALVM_HOME (or ../shared/native-image/setup.sh beside the project). Extra Maven arguments: MVN_ARGS.
# Override tool settings with FIGURES_ARGS, e.g. FIGURES_ARGS="-Dfigures.launches=9 -Dfigures.trackers=500".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if [ -z "${GRAALVM_HOME:-}" ]; then
  GRAALVM_HOME=$(../shared/native-image/setup.sh | tail -1)
fi
out=target-native-figures
rm -rf "$out"
mkdir -p "$out"
read -r -a mvn_args <<< "${MVN_ARGS:-}"
read -r -a figures_args <<< "${FIGURES_ARGS:-}"

echo "== native build (timed)"
/usr/bin/time -v -o "$out/native-build.time" ./mvnw -B "${mvn_args[@]}" clean package -Dnative -DskipTests \
  -Dquarkus.native.graalvm-home="$GRAALVM_HOME" "-Dquarkus.native.native-image-xmx=${NATIVE_XMX:-8g}" > "$out/native-build.log" 2>&1 \
  || { tail -50 "$out/native-build.log"; exit 1; }
cp target/*-runner "$out/fusion-scaler-runner"

echo "== JVM build (timed)"
/usr/bin/time -v -o "$out/jvm-build.time" ./mvnw -B "${mvn_args[@]}" -Pbench clean package -DskipTests > "$out/jvm-build.log" 2>&1 \
  || { tail -50 "$out/jvm-build.log"; exit 1; }
cp -r target/quarkus-app "$out/quarkus-app"

echo "== measuring"
./mvnw -B -q "${mvn_args[@]}" exec:exec@fetch-kafka-broker-libs
./mvnw -B -q "${mvn_args[@]}" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt"
java -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dkafka.broker.libs="$PWD/target/kafka-broker/libs" \
  -Dfigures.out="$out" -Dfigures.runner="$out/fusion-scaler-runner" -Dfigures.jar="$out/quarkus-app/quarkus-run.jar" \
  -Dfigures.nativeBuildTime="$out/native-build.time" -Dfigures.jvmBuildTime="$out/jvm-build.time" \
  "${figures_args[@]}" \
  -cp "target/test-classes:target/classes:$(cat "$out/classpath.txt")" io.fusionscaler.bench.NativeVsJvmFigures
