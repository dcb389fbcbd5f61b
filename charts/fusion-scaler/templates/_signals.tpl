{{/*
Where the scaler and the gpu-agent meet (README "GPU utilization", fusion.gpu.agents.* and fusion.gpu-agent.*):
  - the scaler finds the agents' pods by label in the release namespace (target discovery's pod watch) and pulls
    GET /gpu-agent/v1/pods from every agent's pod IP on the agent's HTTP port;
  - the agent is the same image with fusion.role=gpu-agent, reads the kubelet's PodResources socket, and loads
    libnvidia-ml through JNA (unpacked into jna.tmpdir, see fusion-scaler.javaOptions).
*/}}

{{/* Extra env of the scaler: its role and where the gpu-agents are. */}}
{{- define "fusion-scaler.scalerSignalEnv" -}}
- name: FUSION_ROLE
  value: scaler
{{- if .Values.gpuAgent.enabled }}
- name: FUSION_GPU_AGENTS_NAMESPACE
  value: {{ .Release.Namespace | quote }}
- name: FUSION_GPU_AGENTS_SELECTOR
  value: {{ printf "app.kubernetes.io/instance=%s,app.kubernetes.io/component=gpu-agent" .Release.Name | quote }}
- name: FUSION_GPU_AGENTS_PORT
  value: {{ .Values.gpuAgent.port | quote }}
{{- end }}
{{- end }}

{{/* Env of the gpu-agent container. */}}
{{- define "fusion-scaler.agentEnv" -}}
- name: FUSION_ROLE
  value: gpu-agent
- name: QUARKUS_HTTP_PORT
  value: {{ .Values.gpuAgent.port | quote }}
- name: FUSION_GPU_AGENT_POD_RESOURCES_SOCKET
  value: /var/lib/kubelet/pod-resources/kubelet.sock
- name: FUSION_GPU_AGENT_NODE_NAME
  valueFrom:
    fieldRef:
      fieldPath: spec.nodeName
- name: NVIDIA_VISIBLE_DEVICES
  value: all
- name: NVIDIA_DRIVER_CAPABILITIES
  value: utility
{{- end }}

{{/* Where the agent serves per-pod GPU figures and health; the NetworkPolicies and probes use it. */}}
{{- define "fusion-scaler.agentPortName" -}}http{{- end }}
