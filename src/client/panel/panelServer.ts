/**
 * The server as the panel host sees it: the requests it makes, as plain functions. It is built in
 * client.js and handed to the lazily loaded dist/panelHost.js, because the language client accepts
 * only request types made by its own copy of vscode-jsonrpc (a second bundle has a second copy).
 */
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Me, TriageList } from '../../shared/feed';
import {
  getFinding,
  getMe,
  listTriage,
  submitReview,
  submitTriage,
  type FindingDetails,
  type ListTriageParams,
  type SubmitReviewParams,
  type SubmitTriageParams,
  type TriageReceipt,
} from '../../shared/protocol';

export interface PanelServer {
  isRunning(): boolean;
  getFinding(id: string): Promise<FindingDetails | null>;
  getMe(): Promise<Me | null>;
  listTriage(params: ListTriageParams): Promise<TriageList>;
  submitTriage(params: SubmitTriageParams): Promise<TriageReceipt>;
  submitReview(params: SubmitReviewParams): Promise<TriageReceipt>;
}

export function panelServer(client: LanguageClient): PanelServer {
  return {
    isRunning: () => client.isRunning(),
    getFinding: (id) => client.sendRequest(getFinding, { id }),
    getMe: () => client.sendRequest(getMe),
    listTriage: (params) => client.sendRequest(listTriage, params),
    submitTriage: (params) => client.sendRequest(submitTriage, params),
    submitReview: (params) => client.sendRequest(submitReview, params),
  };
}
