{{/*
RBAC rules from the scaler's own declared list, files/rbac.json (a copy of
src/main/resources/META-INF/fusion-scaler/rbac.json): per role, "watched" rules hold where ScaledObjects and
their targets live, "own" rules in the release namespace only. Call with (dict "ctx" $ "role" "scaler" "scope"
"watched"); renders a YAML list, or nothing when the role needs no rule there.
*/}}
{{- define "fusion-scaler.rbacRules" -}}
{{- $declared := .ctx.Files.Get "files/rbac.json" | fromJson }}
{{- $rules := list }}
{{- range (index $declared.roles .role .scope) }}
{{- $rules = append $rules (pick . "apiGroups" "resources" "verbs") }}
{{- end }}
{{- if and (eq .role "scaler") (eq .scope "watched") }}
{{- range .ctx.Values.rbac.extraScaleTargets }}
{{- $scale := list }}
{{- range .resources }}
{{- $scale = append $scale (printf "%s/scale" .) }}
{{- end }}
{{- $rules = append $rules (dict "apiGroups" (list .apiGroup) "resources" .resources "verbs" (list "get" "list" "watch")) }}
{{- $rules = append $rules (dict "apiGroups" (list .apiGroup) "resources" $scale "verbs" (list "get")) }}
{{- end }}
{{- end }}
{{- with $rules }}
{{- toYaml . }}
{{- end }}
{{- end }}

{{/* The roles that exist in this release, with their ServiceAccount names. */}}
{{- define "fusion-scaler.rbacSubjects" -}}
scaler: {{ include "fusion-scaler.serviceAccountName" . }}
{{- if .Values.gpuAgent.enabled }}
gpu-agent: {{ include "fusion-scaler.agentServiceAccountName" . }}
{{- end }}
{{- end }}

{{/* Name of a role's RBAC objects: <fullname> for the scaler, <fullname>-gpu-agent for the agent. */}}
{{- define "fusion-scaler.rbacName" -}}
{{- if eq .role "scaler" }}
{{- include "fusion-scaler.fullname" .ctx }}
{{- else }}
{{- printf "%s-%s" (include "fusion-scaler.fullname" .ctx) .role | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
