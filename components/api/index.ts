export { TesseralApi, TesseralApiArgs } from "./api";
export { apiEnvironment, functionEnvironment, ApiEnvironmentInputs, API_SERVE_ADDR, API_HEALTH_PATH, portOf } from "./environment";
export { apiPolicyDocument, ApiPolicyInputs, PolicyDocument, PolicyStatement } from "./policy";
export { webAdapterLayerArn, adapterDockerfile, WEB_ADAPTER_IMAGE } from "./adapter";
export { ORIGIN_VERIFY_HEADER } from "./origin-verify";
