// The computed outputs the stand-in adds to a resource's inputs (what real AWS would return and the
// program or awsx reads), and its answers to invokes. A missing output would be UNKNOWN in the next
// preview, so every output read anywhere is returned. Inputs always win over these (provider.ts).
import { createHash } from "crypto";

type Props = Record<string, unknown>;

export const ACCOUNT = "123456789012";
export const REGION = process.env.STANDIN_AWS_REGION ?? "us-west-2";

const hex = (s: string, n: number): string => createHash("sha256").update(s).digest("hex").slice(0, n);

/** `aws:s3/bucket:Bucket` → `s3`, `aws:index/...` → `index`. */
const serviceOf = (type: string): string => type.split(":")[1]?.split("/")[0] ?? "index";

/** The outputs of one resource of `type` with this id and these inputs. */
export function computedOutputs(type: string, id: string, inputs: Props): Props {
    const service = serviceOf(type);
    const name = typeof inputs.name === "string" ? inputs.name : id;
    const arn = `arn:aws:${service}:${REGION}:${ACCOUNT}:${id}`;
    const base: Props = { arn, name, tagsAll: inputs.tags ?? {} };
    switch (type) {
        case "aws:s3/bucket:Bucket": {
            const bucket = typeof inputs.bucket === "string" ? inputs.bucket : id;
            return { ...base, bucket, arn: `arn:aws:s3:::${bucket}`, bucketDomainName: `${bucket}.s3.amazonaws.com`, bucketRegionalDomainName: `${bucket}.s3.${REGION}.amazonaws.com`, region: REGION, hostedZoneId: "Z3BJ6K6RIION7M" };
        }
        case "aws:iam/role:Role":
            return { ...base, arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, uniqueId: `AROA${hex(id, 16).toUpperCase()}` };
        case "aws:kms/key:Key":
            return { ...base, arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`, keyId: id };
        case "aws:kms/alias:Alias":
            return { ...base, arn: `arn:aws:kms:${REGION}:${ACCOUNT}:${name}`, targetKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${String(inputs.targetKeyId)}` };
        case "aws:lambda/function:Function": {
            const fn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
            return { ...base, arn: fn, qualifiedArn: `${fn}:1`, version: "1", invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${fn}/invocations` };
        }
        case "aws:lambda/alias:Alias":
            return { ...base, invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn}/invocations` };
        case "aws:lambda/invocation:Invocation":
            return { result: "{}" };
        case "aws:cloudwatch/logGroup:LogGroup":
            return { ...base, arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}` };
        case "aws:secretsmanager/secret:Secret":
            return { ...base, arn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-${hex(id, 6)}` };
        case "aws:secretsmanager/secretVersion:SecretVersion":
            return { versionId: hex(id, 32), versionStages: ["AWSCURRENT"] };
        case "aws:ecr/repository:Repository":
            return { ...base, registryId: ACCOUNT, repositoryUrl: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}` };
        // Where a database listens is decided when it is created (database.ts), see databaseEndpoint.
        case "aws:rds/instance:Instance":
            return { ...base, hostedZoneId: "Z1PVIF0B656C1W", resourceId: `db-${hex(id, 26).toUpperCase()}`, identifier: inputs.identifier ?? id };
        case "aws:rds/cluster:Cluster":
            return { ...base, hostedZoneId: "Z1PVIF0B656C1W", clusterResourceId: `cluster-${hex(id, 26).toUpperCase()}`, clusterIdentifier: inputs.clusterIdentifier ?? id };
        case "aws:rds/clusterInstance:ClusterInstance":
            return { ...base, identifier: inputs.identifier ?? id, endpoint: `${id}.cluster-instance.standin.invalid`, port: 5432, writer: true, dbiResourceId: `db-${hex(id, 26).toUpperCase()}` };
        case "aws:acm/certificate:Certificate": {
            const names = [inputs.domainName, ...(Array.isArray(inputs.subjectAlternativeNames) ? inputs.subjectAlternativeNames : [])].filter((n): n is string => typeof n === "string");
            return { ...base, status: "ISSUED", domainValidationOptions: [...new Set(names)].map((domainName) => ({ domainName, resourceRecordName: `_${hex(domainName, 32)}.${domainName.replace(/^\*\./, "")}.`, resourceRecordType: "CNAME", resourceRecordValue: `_${hex(`v${domainName}`, 32)}.acm-validations.aws.` })) };
        }
        case "aws:sesv2/emailIdentity:EmailIdentity":
            return { ...base, identityType: "DOMAIN", verifiedForSendingStatus: true, dkimSigningAttributes: { ...(inputs.dkimSigningAttributes as Props | undefined), tokens: [0, 1, 2].map((i) => hex(`${id}${i}`, 32)), status: "SUCCESS" } };
        case "aws:cloudfront/distribution:Distribution":
            return { ...base, arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/${id}`, domainName: `d${hex(id, 13)}.cloudfront.net`, hostedZoneId: "Z2FDTNDATAQYW2", status: "Deployed", etag: hex(id, 14) };
        case "aws:cloudfront/function:Function":
        case "aws:cloudfront/cachePolicy:CachePolicy":
        case "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy":
        case "aws:cloudfront/originAccessControl:OriginAccessControl":
            return { ...base, etag: hex(id, 14), liveStageEtag: hex(id, 14) };
        case "aws:apigatewayv2/api:Api":
            return { ...base, apiEndpoint: `https://${id}.execute-api.${REGION}.amazonaws.com`, executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${id}` };
        case "aws:apigatewayv2/stage:Stage":
            return { ...base, invokeUrl: `https://${String(inputs.apiId)}.execute-api.${REGION}.amazonaws.com/${String(inputs.name ?? "$default")}` };
        case "aws:ec2/vpc:Vpc":
            return { ...base, ipv6CidrBlock: "", defaultSecurityGroupId: `sg-${hex(id, 17)}`, mainRouteTableId: `rtb-${hex(id, 17)}`, defaultNetworkAclId: `acl-${hex(id, 17)}`, ownerId: ACCOUNT };
        case "aws:ec2/eip:Eip":
            return { ...base, allocationId: id, publicIp: "198.51.100.10", domain: "vpc" };
        case "aws:ec2/securityGroup:SecurityGroup":
            return { ...base, ownerId: ACCOUNT };
        case "aws:ec2/instance:Instance":
            return { ...base, primaryNetworkInterfaceId: `eni-${hex(id, 17)}`, privateIp: "10.0.0.10" };
        case "aws:route53/record:Record":
            return { ...base, fqdn: name.replace(/\.$/, "").toLowerCase() };
        case "aws:sns/topic:Topic":
            return { ...base, arn: `arn:aws:sns:${REGION}:${ACCOUNT}:${name}` };
        default:
            return base;
    }
}

/**
 * The outputs that say where a new RDS instance or cluster listens. As in pulumi-aws: an
 * instance's `address` is the host name and its `endpoint` is `address:port`; a cluster's
 * `endpoint` and `readerEndpoint` are host names (its port is `port`).
 */
export function databaseEndpoint(type: string, host: string, port: number): Props {
    if (type === "aws:rds/cluster:Cluster") return { endpoint: host, readerEndpoint: host, port };
    return { address: host, endpoint: `${host}:${port}`, port };
}

/** The stand-in's answer to a data source (invoke). */
export function standinInvoke(token: string, inputs: Props): Props {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { id: ACCOUNT, accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:role/deployer`, userId: "AROAEXAMPLE:deployer" };
        case "aws:iam/getSessionContext:getSessionContext":
            return { id: String(inputs.arn), arn: String(inputs.arn), issuerArn: `arn:aws:iam::${ACCOUNT}:role/deployer`, issuerId: "AROAEXAMPLE", issuerName: "deployer", sessionName: "" };
        case "aws:index/getRegion:getRegion":
            return { id: REGION, name: REGION, region: REGION, endpoint: `ec2.${REGION}.amazonaws.com`, description: REGION };
        case "aws:index/getPartition:getPartition":
            return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
            return { id: REGION, names: ["a", "b", "c"].map((z) => `${REGION}${z}`), zoneIds: ["usw2-az1", "usw2-az2", "usw2-az3"], groupNames: [REGION] };
        case "aws:ssm/getParameter:getParameter":
            return { id: String(inputs.name), name: String(inputs.name), arn: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${String(inputs.name)}`, type: "String", value: "ami-0123456789abcdef0", insecureValue: "ami-0123456789abcdef0", version: 1, withDecryption: true };
        case "aws:ec2/getRouteTable:getRouteTable": {
            const rtb = `rtb-${hex(`subnet:${String(inputs.subnetId)}`, 17)}`;
            return { id: rtb, routeTableId: rtb, subnetId: inputs.subnetId, vpcId: "vpc-standin", ownerId: ACCOUNT, arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:route-table/${rtb}`, routes: [], associations: [], propagatingVgws: [], tags: {} };
        }
        case "aws:rds/getEngineVersion:getEngineVersion":
            return { id: "aurora-postgresql", engine: String(inputs.engine), version: "16.9", versionActual: "16.9", parameterGroupFamily: "aurora-postgresql16", latest: inputs.latest ?? false };
        case "aws:ecr/getAuthorizationToken:getAuthorizationToken":
            return { id: REGION, authorizationToken: "", userName: "AWS", password: "stand-in", proxyEndpoint: `https://${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`, expiresAt: "2099-01-01T00:00:00Z" };
        default:
            throw new Error(`stand-in AWS provider: no answer for invoke ${token}`);
    }
}
