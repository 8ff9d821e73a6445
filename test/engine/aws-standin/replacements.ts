// Which changed inputs force a replacement, per resource type: the properties the real provider
// marks ForceNew. pulumi-aws 7 bridges terraform-provider-aws v6, whose resource schemas carry
// `ForceNew: true`; the Pulumi Registry pages (https://www.pulumi.com/registry/packages/aws/
// api-docs/<module>/<resource>/, searched for "forces new" per resource) mostly do not say it, so
// each entry below was checked where the flag lives: the schema in hashicorp/terraform-provider-aws
// (file and commit named per entry, read 2026-11-29), or, marked "docs", the Terraform Registry's
// "(Forces new resource)" note only. Only the types this program makes are listed; any other
// change is an update. test/engine/aws-standin/replacements.test.ts holds the program's cases.
export const FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
    // internal/service/rds/instance.go @552c0468: engine, identifier(+_prefix), storage_encrypted,
    // kms_key_id, username, db_name, availability_zone all ForceNew (instance_class, allocated_storage,
    // deletion_protection, parameter_group_name are updates).
    "aws:rds/instance:Instance": ["engine", "identifier", "identifierPrefix", "storageEncrypted", "kmsKeyId", "username", "dbName", "availabilityZone"],
    // internal/service/rds/cluster.go @0168cf68: engine, engine_mode, cluster_identifier(+_prefix),
    // storage_encrypted, kms_key_id, master_username, database_name, db_subnet_group_name ForceNew
    // (serverlessv2_scaling_configuration, deletion_protection are updates).
    "aws:rds/cluster:Cluster": ["engine", "engineMode", "clusterIdentifier", "clusterIdentifierPrefix", "storageEncrypted", "kmsKeyId", "masterUsername", "databaseName", "dbSubnetGroupName"],
    // internal/service/rds/cluster_instance.go @01606926: cluster_identifier, engine,
    // identifier(+_prefix), db_subnet_group_name ForceNew (instance_class is an update).
    "aws:rds/clusterInstance:ClusterInstance": ["clusterIdentifier", "engine", "identifier", "identifierPrefix", "dbSubnetGroupName"],
    // docs (aws_db_subnet_group): name, name_prefix.
    "aws:rds/subnetGroup:SubnetGroup": ["name", "namePrefix"],
    // internal/service/rds/parameter_group.go @01606926: name, name_prefix, family, description
    // ForceNew (parameters are updates). aws_rds_cluster_parameter_group: the same (docs).
    "aws:rds/parameterGroup:ParameterGroup": ["name", "namePrefix", "family", "description"],
    "aws:rds/clusterParameterGroup:ClusterParameterGroup": ["name", "namePrefix", "family", "description"],
    // internal/service/kms/key.go @00a35305: customer_master_key_spec, key_usage, multi_region
    // ForceNew (description, deletion_window_in_days, policy are updates). aws_kms_alias: name (docs).
    "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion"],
    "aws:kms/alias:Alias": ["name", "namePrefix"],
    // docs (aws_s3_bucket): bucket, bucket_prefix.
    "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix"],
    // docs: aws_lambda_function function_name, aws_iam_role name/name_prefix, aws_cloudwatch_log_group
    // name/name_prefix.
    "aws:lambda/function:Function": ["name"],
    "aws:iam/role:Role": ["name", "namePrefix"],
    "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix"],
    // internal/service/secretsmanager/secret.go @00c21ced: name, name_prefix ForceNew (description,
    // recovery_window_in_days are updates). docs (aws_ecr_repository): name.
    "aws:secretsmanager/secret:Secret": ["name", "namePrefix"],
    "aws:ecr/repository:Repository": ["name"],
    // docs (aws_sesv2_email_identity): email_identity.
    "aws:sesv2/emailIdentity:EmailIdentity": ["emailIdentity"],
    // internal/service/acm/certificate.go @01661ea3: domain_name, subject_alternative_names,
    // key_algorithm, validation_method, validation_option ForceNew (validation_method too: the old
    // comment here said it was an update).
    "aws:acm/certificate:Certificate": ["domainName", "subjectAlternativeNames", "keyAlgorithm", "validationMethod", "validationOptions"],
    // internal/service/lambda/invocation.go @0133e9ef: function_name, qualifier, triggers ForceNew;
    // input forces new with the default lifecycle_scope CREATE_ONLY (a CustomizeDiff).
    "aws:lambda/invocation:Invocation": ["functionName", "input", "qualifier", "triggers"],
    // docs (aws_instance): ami, subnet_id (instance_type is an update).
    "aws:ec2/instance:Instance": ["ami", "subnetId"],
    // internal/service/ec2/vpc_security_group.go @01606926: name, name_prefix, description, vpc_id
    // ForceNew (ingress/egress are updates).
    "aws:ec2/securityGroup:SecurityGroup": ["name", "namePrefix", "vpcId", "description"],
};

/** The changed properties that force replacing a resource of this type. */
export function replacedProperties(type: string, changed: readonly string[]): string[] {
    const forceNew = new Set(FORCE_NEW[type] ?? []);
    return changed.filter((k) => forceNew.has(k));
}
