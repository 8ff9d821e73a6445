import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

/** The SSM parameter AWS keeps pointing at the newest Amazon Linux 2023 minimal arm64 image. */
export const NAT_AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-minimal-kernel-default-arm64";

/**
 * Boot script of the NAT instance: a systemd unit that turns on forwarding and masquerades the
 * private subnets' traffic on every boot (not just the first).
 */
export const NAT_USER_DATA = [
    "#!/bin/bash",
    "set -euo pipefail",
    "dnf install -y iptables-nft",
    "cat > /usr/local/sbin/tesseral-nat <<'EOF'",
    "#!/bin/bash",
    "set -euo pipefail",
    "sysctl -w net.ipv4.ip_forward=1",
    "iface=$(ip route show default | awk '{print $5; exit}')",
    "iptables -t nat -C POSTROUTING -o \"$iface\" -j MASQUERADE 2>/dev/null || iptables -t nat -A POSTROUTING -o \"$iface\" -j MASQUERADE",
    "EOF",
    "chmod 0755 /usr/local/sbin/tesseral-nat",
    "cat > /etc/systemd/system/tesseral-nat.service <<'EOF'",
    "[Unit]",
    "Description=Tesseral NAT (forwarding and masquerade)",
    "After=network-online.target",
    "Wants=network-online.target",
    "[Service]",
    "Type=oneshot",
    "ExecStart=/usr/local/sbin/tesseral-nat",
    "RemainAfterExit=yes",
    "[Install]",
    "WantedBy=multi-user.target",
    "EOF",
    "systemctl daemon-reload",
    "systemctl enable --now tesseral-nat.service",
    "",
].join("\n");

export interface NatInstanceArgs {
    vpcId: pulumi.Input<string>;
    vpcCidr: string;
    publicSubnetId: pulumi.Input<string>;
    /** The private subnets whose default route goes through the instance (their count is fixed). */
    privateSubnetIds: pulumi.Output<string[]>;
    privateSubnetCount: number;
}

/**
 * A low-cost NAT for dev stacks: one t4g.nano in a public subnet (a single point of failure;
 * use `nat: gateway` in production). The image follows AWS's SSM parameter when first created
 * and is then kept (`ignoreChanges`), so AWS publishing a new image never replaces the NAT.
 */
export class NatInstance extends pulumi.ComponentResource {
    public readonly instance: aws.ec2.Instance;

    constructor(name: string, args: NatInstanceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tesseral-aws:index:NatInstance", name, {}, opts);
        const sg = new aws.ec2.SecurityGroup(`${name}-sg`, {
            vpcId: args.vpcId,
            description: "Tesseral NAT instance: forwards the private subnets traffic",
            ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [args.vpcCidr], description: "from the VPC" }],
            egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "to the internet" }],
        }, { parent: this });
        const ami = aws.ssm.getParameterOutput({ name: NAT_AMI_PARAMETER }, { parent: this });
        this.instance = new aws.ec2.Instance(`${name}-instance`, {
            ami: ami.value,
            instanceType: "t4g.nano",
            subnetId: args.publicSubnetId,
            associatePublicIpAddress: true,
            sourceDestCheck: false,
            vpcSecurityGroupIds: [sg.id],
            userData: NAT_USER_DATA,
            metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
            rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: 8 },
            tags: { Name: `${name}-nat` },
        }, { parent: this, ignoreChanges: ["ami"] });
        for (let i = 0; i < args.privateSubnetCount; i++) {
            const table = aws.ec2.getRouteTableOutput({ subnetId: args.privateSubnetIds.apply((ids) => ids[i]) }, { parent: this });
            new aws.ec2.Route(`${name}-route-${i}`, {
                routeTableId: table.routeTableId,
                destinationCidrBlock: "0.0.0.0/0",
                networkInterfaceId: this.instance.primaryNetworkInterfaceId,
            }, { parent: this });
        }
        this.registerOutputs({ instanceId: this.instance.id });
    }
}
