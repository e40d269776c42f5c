/** The triage panel's webview type: the serializer registers it at activation, the host creates panels of it. */
export const TRIAGE_VIEW_TYPE = 'findingsLens.triage';
