// Which changed inputs force a replacement, per resource type: the properties the real provider
// marks "forces new resource" (ForceNew in terraform-provider-aws, which pulumi-aws wraps; shown on
// each resource's page of the Pulumi Registry, https://www.pulumi.com/registry/packages/aws/api-docs/
// <module>/<resource>/, and the Terraform Registry's aws_<resource> page). Only the types and
// properties this program changes between stacks/steps are listed; any other change is an update.
export const FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
    // aws_db_instance: engine, identifier, storage_encrypted, kms_key_id, username, db_name.
    "aws:rds/instance:Instance": ["engine", "identifier", "storageEncrypted", "kmsKeyId", "username", "dbName"],
    // aws_rds_cluster: engine, cluster_identifier, storage_encrypted, kms_key_id, master_username, database_name.
    "aws:rds/cluster:Cluster": ["engine", "clusterIdentifier", "storageEncrypted", "kmsKeyId", "masterUsername", "databaseName"],
    // aws_rds_cluster_instance: cluster_identifier, engine, identifier.
    "aws:rds/clusterInstance:ClusterInstance": ["clusterIdentifier", "engine", "identifier"],
    // aws_db_subnet_group / aws_db_parameter_group: name, family.
    "aws:rds/subnetGroup:SubnetGroup": ["name"],
    "aws:rds/parameterGroup:ParameterGroup": ["name", "family"],
    "aws:rds/clusterParameterGroup:ClusterParameterGroup": ["name", "family"],
    // aws_kms_key: customer_master_key_spec, key_usage. aws_kms_alias: name.
    "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage"],
    "aws:kms/alias:Alias": ["name"],
    // aws_s3_bucket: bucket, bucket_prefix.
    "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix"],
    // aws_lambda_function: function_name. aws_iam_role: name. aws_cloudwatch_log_group: name.
    "aws:lambda/function:Function": ["name"],
    "aws:iam/role:Role": ["name"],
    "aws:cloudwatch/logGroup:LogGroup": ["name"],
    // aws_secretsmanager_secret: name. aws_ecr_repository: name.
    "aws:secretsmanager/secret:Secret": ["name"],
    "aws:ecr/repository:Repository": ["name"],
    // aws_sesv2_email_identity: email_identity. aws_acm_certificate: domain_name,
    // subject_alternative_names, key_algorithm, validation_method is updatable.
    "aws:sesv2/emailIdentity:EmailIdentity": ["emailIdentity"],
    "aws:acm/certificate:Certificate": ["domainName", "subjectAlternativeNames", "keyAlgorithm"],
    // aws_lambda_invocation: every argument but triggers and terraform_key is ForceNew in the
    // provider schema; `triggers` forces a new invocation too (that is its purpose).
    "aws:lambda/invocation:Invocation": ["functionName", "input", "qualifier", "triggers"],
    // aws_ec2_instance: ami, instance_type is updatable, subnet_id. aws_security_group: name, vpc_id.
    "aws:ec2/instance:Instance": ["ami", "subnetId"],
    "aws:ec2/securityGroup:SecurityGroup": ["name", "vpcId", "description"],
};

/** The changed properties that force replacing a resource of this type. */
export function replacedProperties(type: string, changed: readonly string[]): string[] {
    const forceNew = new Set(FORCE_NEW[type] ?? []);
    return changed.filter((k) => forceNew.has(k));
}
