// The agreement scenario (test/engine/agreement.test.ts): four command steps, each appending what it
// ran to a log file, so both engines' runs can be compared by what they did, not only by what they
// report. a -> b -> c by dependsOn; d independent; b has an update command that sees its previous
// stdout; c is replaced by its trigger and ignores changes to its environment.
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";

const config = new pulumi.Config("agree");
const log = JSON.stringify(config.require("log"));

const a = new command.local.Command("a", {
    create: `echo "create a" >> ${log}; echo a-out`,
});
const b = new command.local.Command("b", {
    create: `echo "create b $GREETING" >> ${log}; echo "b-$GREETING"`,
    update: `echo "update b $GREETING prev=$PULUMI_COMMAND_STDOUT" >> ${log}; echo "b-$GREETING"`,
    environment: { GREETING: config.require("greeting") },
}, { dependsOn: [a] });
new command.local.Command("c", {
    create: `echo "create c $IGNORED" >> ${log}`,
    environment: { IGNORED: config.require("cIgnored") },
    triggers: [config.require("cTrigger")],
}, { dependsOn: [b], ignoreChanges: ["environment"] });
new command.local.Command("d", {
    create: `echo "create d" >> ${log}`,
});

export const bStdout = b.stdout;
