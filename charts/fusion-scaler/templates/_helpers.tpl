{{/* Names, labels and the settings both workloads share. */}}

{{- define "fusion-scaler.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "fusion-scaler.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "fusion-scaler.agentName" -}}
{{- printf "%s-gpu-agent" (include "fusion-scaler.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "fusion-scaler.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object; call with (dict "ctx" $ "component" "scaler"). */}}
{{- define "fusion-scaler.labels" -}}
helm.sh/chart: {{ include "fusion-scaler.chart" .ctx }}
{{ include "fusion-scaler.selectorLabels" . }}
app.kubernetes.io/part-of: fusion-scaler
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
{{- with .ctx.Values.additionalLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "fusion-scaler.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fusion-scaler.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* metadata.annotations of every object, or nothing. */}}
{{- define "fusion-scaler.annotations" -}}
{{- $all := merge (dict) (.extra | default dict) (.ctx.Values.additionalAnnotations | default dict) }}
{{- with $all }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{- define "fusion-scaler.serviceAccountName" -}}
{{- if .Values.serviceAccount.scaler.create }}
{{- default (include "fusion-scaler.fullname" .) .Values.serviceAccount.scaler.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.scaler.name }}
{{- end }}
{{- end }}

{{- define "fusion-scaler.agentServiceAccountName" -}}
{{- if .Values.serviceAccount.gpuAgent.create }}
{{- default (include "fusion-scaler.agentName" .) .Values.serviceAccount.gpuAgent.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.gpuAgent.name }}
{{- end }}
{{- end }}

{{- define "fusion-scaler.image" -}}
{{- $tag := .Values.image.tag | default (printf "%s-%s" .Chart.AppVersion .Values.image.flavor) }}
{{- if .Values.image.registry }}
{{- printf "%s/%s:%s" .Values.image.registry .Values.image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{- define "fusion-scaler.imagePullSecrets" -}}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- end }}

{{/*
Heap and options of one container, for both flavors. The native executable takes runtime options as arguments
(its entrypoint is `./application -Dquarkus.http.host=0.0.0.0`); the JVM image's run-java.sh takes them from
JAVA_OPTS_APPEND, which replaces the image's own value, so that value is repeated here.
JNA (the gpu-agent's NVML binding) unpacks its native library to jna.tmpdir: the writable /tmp emptyDir, since
the root filesystem is read-only.
Call with (dict "ctx" $ "heap" "192m" "native" (list "-XX:..." ...) "extra" "..."); "native": options for the
native flavor only (the JVM would refuse them), after the common ones.
*/}}
{{- define "fusion-scaler.javaOptions" -}}
{{- /* One Netty arena of each kind, both flavors (README "Footprint": 2 MiB less RSS native). */}}
{{- $opts := list (printf "-Xmx%s" .heap) "-Djna.tmpdir=/tmp" "-Dio.netty.allocator.numDirectArenas=1" "-Dio.netty.allocator.numHeapArenas=1" }}
{{- if eq .ctx.Values.image.flavor "jvm" }}
{{- /* README "Footprint": serial GC, a heap that starts small, C1 only, bounded metaspace, code cache, stacks and
       direct memory: 163 MiB RSS with 1,000 triggers and streams, against 345 MiB with the JVM's defaults. */}}
{{- $footprint := list "-XX:+UseSerialGC" "-Xms32m" "-XX:MaxMetaspaceSize=128m" "-XX:ReservedCodeCacheSize=32m" "-XX:TieredStopAtLevel=1" "-Xss512k" "-XX:MaxDirectMemorySize=32m" }}
{{- $opts = concat (list "-Dquarkus.http.host=0.0.0.0" "-Djava.util.logging.manager=org.jboss.logmanager.LogManager") $footprint $opts }}
{{- else if .native }}
{{- $opts = concat $opts .native }}
{{- end }}
{{- if .extra }}
{{- $opts = append $opts .extra }}
{{- end }}
{{- join " " $opts }}
{{- end }}

{{/* args: (native) or the JAVA_OPTS_APPEND env entry (jvm); call with the same dict as javaOptions. */}}
{{- define "fusion-scaler.nativeArgs" -}}
{{- if eq .ctx.Values.image.flavor "native" }}
args:
  {{- range splitList " " (include "fusion-scaler.javaOptions" .) }}
  - {{ . | quote }}
  {{- end }}
{{- end }}
{{- end }}

{{- define "fusion-scaler.jvmEnv" -}}
{{- if eq .ctx.Values.image.flavor "jvm" }}
- name: JAVA_OPTS_APPEND
  value: {{ include "fusion-scaler.javaOptions" . | quote }}
{{- end }}
{{- end }}

{{/* The /tmp emptyDir of both workloads (read-only root filesystem; Vert.x file cache, JNA). */}}
{{- define "fusion-scaler.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end }}

{{/* Whether the scaler serves gRPC over TLS with client-certificate checks. */}}
{{- define "fusion-scaler.grpcClientAuth" -}}
{{- and .Values.grpcTls.enabled (ne .Values.grpcTls.clientAuth "NONE") }}
{{- end }}

{{- define "fusion-scaler.grpcTlsSecretName" -}}
{{- if .Values.grpcTls.certManager.enabled }}
{{- printf "%s-grpc-tls" (include "fusion-scaler.fullname" .) }}
{{- else }}
{{- required "grpcTls.secretName is required with grpcTls.enabled (or set grpcTls.certManager.enabled)" .Values.grpcTls.secretName }}
{{- end }}
{{- end }}

{{- define "fusion-scaler.grpcTrustStoreSecretName" -}}
{{- if .Values.grpcTls.clientTrustStore.secretName }}
{{- .Values.grpcTls.clientTrustStore.secretName }}
{{- else if .Values.grpcTls.certManager.enabled }}
{{- include "fusion-scaler.grpcTlsSecretName" . }}
{{- else }}
{{- fail "grpcTls.clientTrustStore.secretName is required when grpcTls.clientAuth is not NONE (or use grpcTls.certManager)" }}
{{- end }}
{{- end }}

{{/* A value as the text of an env var: Helm reads YAML numbers as float64, which toString would print as 4.194304e+06. */}}
{{- define "fusion-scaler.string" -}}
{{- if and (kindIs "float64" .) (eq (float64 (int64 .)) .) }}
{{- int64 . | toString }}
{{- else }}
{{- toString . }}
{{- end }}
{{- end }}
