package iam

import "strings"

// Impact is what granting an action risks, beyond its access level: the
// rules about wide grants (IAM203, IAM204, IAM210) set their severity from
// it. Most actions take their impact from their access level; a small table
// names the actions that destroy data or move it out of reach of its owner,
// the few whose grant on every resource changes nothing that matters, and
// the services that only carry a workload's own telemetry.
type Impact uint8

const (
	// ImpactTelemetry: the action records or reads a workload's own logs,
	// traces and metrics, or is the channel of the SSM agent (logs:*,
	// xray:*, cloudwatch:PutMetricData, ec2messages:*, ssmmessages:*).
	ImpactTelemetry Impact = iota + 1
	// ImpactMinor: the action adds to a resource without changing what it
	// holds, runs or lets in, and takes nothing from anyone: publishing a
	// Lambda function's version (an immutable copy of what it already
	// runs) or a layer version, assigning a network interface one more IPv6
	// address (which no other interface can hold).
	ImpactMinor
	// ImpactAccess: the action's access level says it all (List, Read,
	// Write, Tagging, Permissions management), with no entry in the table.
	ImpactAccess
	// ImpactDataMoving: the action returns secrets or decrypted data, or
	// shares stored data with other accounts (secretsmanager:GetSecretValue,
	// ssm:GetParameter, kms:Decrypt, ec2:ModifySnapshotAttribute).
	ImpactDataMoving
	// ImpactDestructive: the action deletes or terminates a resource that
	// holds data or runs a workload, or stops the audit trail
	// (ec2:TerminateInstances, rds:DeleteDBInstance, s3:DeleteBucket,
	// kms:ScheduleKeyDeletion, cloudtrail:StopLogging).
	ImpactDestructive
)

var impactNames = [...]string{"", "telemetry", "minor", "access", "data-moving", "destructive"}

func (i Impact) String() string {
	if int(i) < len(impactNames) && i > 0 {
		return impactNames[i]
	}
	return "unknown"
}

// telemetryServices carry nothing but a workload's own output, or the SSM
// agent's messages: every action of theirs is boilerplate of a logging
// Lambda function or a managed instance, not access to anyone's data.
var telemetryServices = map[string]bool{
	"logs":        true,
	"xray":        true,
	"ec2messages": true,
	"ssmmessages": true,
}

// TelemetryService reports whether every action of the service (by prefix,
// any case) is of ImpactTelemetry, its permissions-management actions
// aside.
func TelemetryService(prefix string) bool {
	return telemetryServices[strings.ToLower(prefix)]
}

// impactTable names the actions whose impact is not their access level's.
// Keep it small and obvious: an action belongs here when a reviewer would
// call its grant on every resource destructive or a data leak without
// looking further. Lower-case "service:action".
var impactTable = map[string]Impact{
	"cloudwatch:putmetricdata": ImpactTelemetry,

	"lambda:publishversion":      ImpactMinor,
	"lambda:publishlayerversion": ImpactMinor,
	"ec2:assignipv6addresses":    ImpactMinor,

	"secretsmanager:getsecretvalue":        ImpactDataMoving,
	"secretsmanager:batchgetsecretvalue":   ImpactDataMoving,
	"ssm:getparameter":                     ImpactDataMoving,
	"ssm:getparameters":                    ImpactDataMoving,
	"ssm:getparametersbypath":              ImpactDataMoving,
	"kms:decrypt":                          ImpactDataMoving,
	"ec2:getpassworddata":                  ImpactDataMoving,
	"ec2:modifysnapshotattribute":          ImpactDataMoving,
	"ec2:modifyimageattribute":             ImpactDataMoving,
	"rds:modifydbsnapshotattribute":        ImpactDataMoving,
	"rds:modifydbclustersnapshotattribute": ImpactDataMoving,
	"s3:putreplicationconfiguration":       ImpactDataMoving,

	"ec2:terminateinstances":             ImpactDestructive,
	"ec2:deletevolume":                   ImpactDestructive,
	"ec2:deletesnapshot":                 ImpactDestructive,
	"ec2:deregisterimage":                ImpactDestructive,
	"rds:deletedbinstance":               ImpactDestructive,
	"rds:deletedbcluster":                ImpactDestructive,
	"rds:deletedbsnapshot":               ImpactDestructive,
	"rds:deletedbclustersnapshot":        ImpactDestructive,
	"rds:deleteglobalcluster":            ImpactDestructive,
	"s3:deletebucket":                    ImpactDestructive,
	"s3:deleteobject":                    ImpactDestructive,
	"s3:deleteobjectversion":             ImpactDestructive,
	"dynamodb:deletetable":               ImpactDestructive,
	"dynamodb:deletebackup":              ImpactDestructive,
	"kms:schedulekeydeletion":            ImpactDestructive,
	"kms:deleteimportedkeymaterial":      ImpactDestructive,
	"backup:deletebackupvault":           ImpactDestructive,
	"backup:deleterecoverypoint":         ImpactDestructive,
	"secretsmanager:deletesecret":        ImpactDestructive,
	"elasticfilesystem:deletefilesystem": ImpactDestructive,
	"elasticache:deletecachecluster":     ImpactDestructive,
	"elasticache:deletereplicationgroup": ImpactDestructive,
	"redshift:deletecluster":             ImpactDestructive,
	"lambda:deletefunction":              ImpactDestructive,
	"eks:deletecluster":                  ImpactDestructive,
	"ecr:deleterepository":               ImpactDestructive,
	"ecr:batchdeleteimage":               ImpactDestructive,
	"cloudformation:deletestack":         ImpactDestructive,
	"glacier:deletearchive":              ImpactDestructive,
	"glacier:deletevault":                ImpactDestructive,
	"es:deletedomain":                    ImpactDestructive,
	"es:deleteelasticsearchdomain":       ImpactDestructive,
	"cloudtrail:deletetrail":             ImpactDestructive,
	"cloudtrail:stoplogging":             ImpactDestructive,
}

// Impact returns the action's impact class: the table's entry, telemetry
// for the actions of a telemetry service below permissions management, else
// ImpactAccess.
func (a *Action) Impact() Impact {
	if i, ok := impactTable[a.Service.lower+":"+a.lower]; ok {
		return i
	}
	if telemetryServices[a.Service.lower] && a.Level != PermissionsManagement {
		return ImpactTelemetry
	}
	return ImpactAccess
}
