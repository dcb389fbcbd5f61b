{{/* The scrape endpoint shared by the ServiceMonitor and PodMonitors; call with (dict "port" "http" "cfg" $cfg). */}}
{{- define "fusion-scaler.scrapeEndpoint" -}}
- port: {{ .port }}
  path: /q/metrics
  interval: {{ .cfg.interval }}
  scrapeTimeout: {{ .cfg.scrapeTimeout }}
  {{- with .cfg.relabelings }}
  relabelings:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .cfg.metricRelabelings }}
  metricRelabelings:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
