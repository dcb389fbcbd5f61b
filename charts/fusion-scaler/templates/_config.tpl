{{/*
The scaler's configuration as environment variables, and the Secret volumes it reads files from.
Flat keys use the upper-snake form Quarkus documents (fusion.kafka.refresh-interval -> FUSION_KAFKA_REFRESH_INTERVAL).
Named Kafka clusters use the exact property name as the variable name (fusion.kafka.clusters.prod-eu.bootstrap-servers):
a map key such as a cluster name cannot be recovered from the upper-snake form when it holds a '-', and Kafka
client properties hold '.'. ChartConfigTest feeds the rendered env through the scaler's own @ConfigMapping.
*/}}

{{- define "fusion-scaler.scalerEnv" -}}
- name: QUARKUS_HTTP_PORT
  value: {{ .Values.scaler.ports.http | quote }}
- name: QUARKUS_GRPC_SERVER_PORT
  value: {{ .Values.scaler.ports.grpc | quote }}
{{- range $section, $keys := omit .Values.config "extra" }}
{{- range $key, $value := $keys }}
{{- if ne (toString $value) "" }}
- name: {{ printf "FUSION_%s_%s" ($section | snakecase) ($key | snakecase) | upper }}
  value: {{ include "fusion-scaler.string" $value | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- range $name := keys .Values.kafka.clusters | sortAlpha }}
{{- $c := get $.Values.kafka.clusters $name }}
{{- $p := printf "fusion.kafka.clusters.%s." $name }}
- name: {{ $p }}bootstrap-servers
  value: {{ required (printf "kafka.clusters.%s.bootstrapServers is required" $name) $c.bootstrapServers | quote }}
{{- with $c.securityProtocol }}
- name: {{ $p }}security-protocol
  value: {{ . | quote }}
{{- end }}
{{- with $c.saslMechanism }}
- name: {{ $p }}sasl-mechanism
  value: {{ . | quote }}
{{- end }}
{{- with $c.saslUsername }}
- name: {{ $p }}sasl-username
  value: {{ . | quote }}
{{- end }}
{{- if $c.saslPasswordSecret }}
- name: {{ $p }}sasl-password-file
  value: {{ printf "/etc/fusion-scaler/kafka/%s/sasl/password" $name | quote }}
{{- end }}
{{- if $c.tlsCaSecret }}
- name: {{ $p }}tls-ca-file
  value: {{ printf "/etc/fusion-scaler/kafka/%s/ca/ca.crt" $name | quote }}
{{- end }}
{{- if $c.tlsClientSecret }}
- name: {{ $p }}tls-cert-file
  value: {{ printf "/etc/fusion-scaler/kafka/%s/client/tls.crt" $name | quote }}
- name: {{ $p }}tls-key-file
  value: {{ printf "/etc/fusion-scaler/kafka/%s/client/tls.key" $name | quote }}
{{- end }}
{{- range $prop, $value := $c.properties }}
- name: {{ $p }}properties.{{ $prop }}
  value: {{ include "fusion-scaler.string" $value | quote }}
{{- end }}
{{- end }}
{{- if .Values.grpcTls.enabled }}
- name: QUARKUS_GRPC_SERVER_PLAIN_TEXT
  value: "false"
- name: QUARKUS_GRPC_SERVER_SSL_CERTIFICATE
  value: /etc/fusion-scaler/grpc-tls/tls.crt
- name: QUARKUS_GRPC_SERVER_SSL_KEY
  value: /etc/fusion-scaler/grpc-tls/tls.key
- name: QUARKUS_GRPC_SERVER_SSL_CLIENT_AUTH
  value: {{ .Values.grpcTls.clientAuth | quote }}
{{- if eq (include "fusion-scaler.grpcClientAuth" .) "true" }}
- name: QUARKUS_GRPC_SERVER_SSL_TRUST_STORE
  value: {{ printf "/etc/fusion-scaler/grpc-client-ca/%s" .Values.grpcTls.clientTrustStore.key | quote }}
- name: QUARKUS_GRPC_SERVER_SSL_TRUST_STORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "grpcTls.clientTrustStore.passwordSecret.name is required when grpcTls.clientAuth is not NONE" .Values.grpcTls.clientTrustStore.passwordSecret.name }}
      key: {{ .Values.grpcTls.clientTrustStore.passwordSecret.key }}
{{- end }}
{{- end }}
{{ include "fusion-scaler.scalerSignalEnv" . }}
{{- range $property, $value := .Values.config.extra }}
- name: {{ $property }}
  value: {{ include "fusion-scaler.string" $value | quote }}
{{- end }}
{{- end }}

{{/* Secret volumes of the scaler: the gRPC certificate, the client trust store, each Kafka cluster's files. */}}
{{- define "fusion-scaler.scalerSecretVolumes" -}}
{{- if .Values.grpcTls.enabled }}
- name: grpc-tls
  secret:
    secretName: {{ include "fusion-scaler.grpcTlsSecretName" . }}
    defaultMode: 0440
    items:
      - key: tls.crt
        path: tls.crt
      - key: tls.key
        path: tls.key
{{- if eq (include "fusion-scaler.grpcClientAuth" .) "true" }}
- name: grpc-client-ca
  secret:
    secretName: {{ include "fusion-scaler.grpcTrustStoreSecretName" . }}
    defaultMode: 0440
    items:
      - key: {{ .Values.grpcTls.clientTrustStore.key }}
        path: {{ .Values.grpcTls.clientTrustStore.key }}
{{- end }}
{{- end }}
{{- range $name := keys .Values.kafka.clusters | sortAlpha }}
{{- $c := get $.Values.kafka.clusters $name }}
{{- with $c.saslPasswordSecret }}
- name: kafka-{{ $name }}-sasl
  secret:
    secretName: {{ .name }}
    defaultMode: 0440
    items:
      - key: {{ .key | default "password" }}
        path: password
{{- end }}
{{- with $c.tlsCaSecret }}
- name: kafka-{{ $name }}-ca
  secret:
    secretName: {{ .name }}
    defaultMode: 0440
    items:
      - key: {{ .key | default "ca.crt" }}
        path: ca.crt
{{- end }}
{{- with $c.tlsClientSecret }}
- name: kafka-{{ $name }}-client
  secret:
    secretName: {{ .name }}
    defaultMode: 0440
    items:
      - key: tls.crt
        path: tls.crt
      - key: tls.key
        path: tls.key
{{- end }}
{{- end }}
{{- end }}

{{- define "fusion-scaler.scalerSecretMounts" -}}
{{- if .Values.grpcTls.enabled }}
- name: grpc-tls
  mountPath: /etc/fusion-scaler/grpc-tls
  readOnly: true
{{- if eq (include "fusion-scaler.grpcClientAuth" .) "true" }}
- name: grpc-client-ca
  mountPath: /etc/fusion-scaler/grpc-client-ca
  readOnly: true
{{- end }}
{{- end }}
{{- range $name := keys .Values.kafka.clusters | sortAlpha }}
{{- $c := get $.Values.kafka.clusters $name }}
{{- if $c.saslPasswordSecret }}
- name: kafka-{{ $name }}-sasl
  mountPath: /etc/fusion-scaler/kafka/{{ $name }}/sasl
  readOnly: true
{{- end }}
{{- if $c.tlsCaSecret }}
- name: kafka-{{ $name }}-ca
  mountPath: /etc/fusion-scaler/kafka/{{ $name }}/ca
  readOnly: true
{{- end }}
{{- if $c.tlsClientSecret }}
- name: kafka-{{ $name }}-client
  mountPath: /etc/fusion-scaler/kafka/{{ $name }}/client
  readOnly: true
{{- end }}
{{- end }}
{{- end }}
