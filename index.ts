// The Pulumi program: read and validate the stack config, construct Tesseral, export its outputs.
import { Tesseral, readStackConfig } from "./components";

const tesseral = new Tesseral("tesseral", readStackConfig());

export const consoleUrl = tesseral.consoleUrl;
export const vaultUrl = tesseral.vaultUrl;
export const backendApiUrl = tesseral.backendApiUrl;
export const configApiUrl = tesseral.configApiUrl;
export const userContentBaseUrl = tesseral.userContentBaseUrl;
export const dogfoodProjectId = tesseral.dogfoodProjectId;
export const bootstrapUserEmail = tesseral.bootstrapUserEmail;
export const bootstrapUserPassword = tesseral.bootstrapUserPassword;
export const dnsRecords = tesseral.dnsRecords;
export const sesIdentities = tesseral.sesIdentities;
export const dashboardUrl = tesseral.dashboardUrl;
