import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import { Settings } from "../config/settings";
import { NatInstance } from "./nat-instance";

/** The created VPC's address range and how many AZs (and so private subnets) it spans. */
export const VPC_CIDR = "10.40.0.0/16";
export const AVAILABILITY_ZONES = 2;

export interface NetworkArgs {
    network: Settings["network"];
}

/**
 * The VPC the API, the ops runner and the database live in: reused (`network.vpcId` and its
 * private subnets) or created with awsx across two AZs, with private subnets and public subnets
 * that only hold the NAT. Also the security groups the data plane's rules refer to.
 */
export class Network extends pulumi.ComponentResource {
    public readonly vpcId: pulumi.Output<string>;
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    /** The API function's security group. */
    public readonly apiSecurityGroup: aws.ec2.SecurityGroup;
    /** The ops runner's security group (migrate and bootstrap inside the VPC). */
    public readonly runnerSecurityGroup: aws.ec2.SecurityGroup;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:Network", name, {}, opts);
        const { vpcId, privateSubnetIds } = this.vpc(name, args.network);
        this.vpcId = vpcId;
        this.privateSubnetIds = privateSubnetIds;
        this.apiSecurityGroup = this.egressOnlyGroup(`${name}-api`, "Tesseral API function");
        this.runnerSecurityGroup = this.egressOnlyGroup(`${name}-runner`, "Tesseral ops runner (migrate, bootstrap)");
        this.registerOutputs({ vpcId: this.vpcId, privateSubnetIds: this.privateSubnetIds });
    }

    private vpc(name: string, network: Settings["network"]): { vpcId: pulumi.Output<string>; privateSubnetIds: pulumi.Output<string[]> } {
        if (network.vpcId) {
            return { vpcId: pulumi.output(network.vpcId), privateSubnetIds: pulumi.output(network.privateSubnetIds) };
        }
        const vpc = new awsx.ec2.Vpc(`${name}-vpc`, {
            cidrBlock: VPC_CIDR,
            numberOfAvailabilityZones: AVAILABILITY_ZONES,
            enableDnsHostnames: true,
            enableDnsSupport: true,
            subnetStrategy: "Auto",
            subnetSpecs: [
                { type: "Private", cidrMask: 20 },
                { type: "Public", cidrMask: 24 },
            ],
            natGateways: { strategy: network.nat === "gateway" ? "Single" : "None" },
            tags: { Name: `${name}-vpc` },
        }, { parent: this });
        if (network.nat === "instance") {
            new NatInstance(`${name}-nat`, {
                vpcId: vpc.vpcId, vpcCidr: VPC_CIDR, publicSubnetId: vpc.publicSubnetIds.apply((ids) => ids[0]),
                privateSubnetIds: vpc.privateSubnetIds, privateSubnetCount: AVAILABILITY_ZONES,
            }, { parent: this });
        }
        return { vpcId: vpc.vpcId, privateSubnetIds: vpc.privateSubnetIds };
    }

    private egressOnlyGroup(name: string, description: string): aws.ec2.SecurityGroup {
        return new aws.ec2.SecurityGroup(name, {
            vpcId: this.vpcId,
            description,
            egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"], description: "AWS APIs and the database" }],
        }, { parent: this });
    }
}
