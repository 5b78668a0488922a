import type {
  TConnectorPollResponse,
  TConnectorResponse,
  TConnectorRunResponse,
  TConnectorWithSecretResponse,
} from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

export type Connector = TConnectorResponse;
export type ConnectorRun = TConnectorRunResponse;

/** Query keys for feedback connectors. */
export const connectorKeys = {
  all: ['connectors'] as const,
  list: () => [...connectorKeys.all, 'list'] as const,
  runs: (id: string) => [...connectorKeys.all, 'runs', id] as const,
};

/** The connectors in the caller's scope. */
export function useConnectors() {
  return useQuery({
    queryKey: connectorKeys.list(),
    queryFn: () => api<{ items: Connector[] }>('feedback-connectors').then((r) => r.items),
  });
}

/** A connector's poll and inbound history, newest first. */
export function useConnectorRuns(id: string | undefined) {
  return useQuery({
    queryKey: connectorKeys.runs(id ?? ''),
    queryFn: () => api<{ items: ConnectorRun[] }>(`feedback-connectors/${id}/runs`).then((r) => r.items),
    enabled: !!id,
  });
}

/** Creates a connector; an inbound webhook's answer carries its secret, shown once. */
export function useCreateConnector(
  callbacks?: MutationCallbacks<TConnectorWithSecretResponse, Record<string, unknown>>,
) {
  return useInvalidatingMutation(
    (v: Record<string, unknown>) => api<TConnectorWithSecretResponse>('feedback-connectors', { body: v }),
    [connectorKeys.all],
    callbacks,
  );
}

/** Switches a connector on or off. */
export function useToggleConnector(callbacks?: MutationCallbacks<unknown, { id: string; enabled: boolean }>) {
  return useInvalidatingMutation(
    ({ id, enabled }: { id: string; enabled: boolean }) =>
      api(`feedback-connectors/${id}`, { method: 'PATCH', body: { enabled } }),
    [connectorKeys.all],
    callbacks,
  );
}

/** Polls an RSS/Atom or JSON-API connector now. */
export function usePollConnector(callbacks?: MutationCallbacks<TConnectorPollResponse, string>) {
  return useInvalidatingMutation(
    (id: string) => api<TConnectorPollResponse>(`feedback-connectors/${id}/poll`, { method: 'POST', body: {} }),
    [connectorKeys.all],
    callbacks,
  );
}

/** A new inbound secret (the old one stops verifying). */
export function useRotateConnectorSecret(callbacks?: MutationCallbacks<TConnectorWithSecretResponse, string>) {
  return useInvalidatingMutation(
    (id: string) =>
      api<TConnectorWithSecretResponse>(`feedback-connectors/${id}/rotate-secret`, { method: 'POST', body: {} }),
    [connectorKeys.all],
    callbacks,
  );
}

/** Deletes a connector (its items stay). */
export function useDeleteConnector(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`feedback-connectors/${id}`, { method: 'DELETE' }),
    [connectorKeys.all],
    callbacks,
  );
}
