package rules

// escalation is a published privilege-escalation method: a combination of
// actions that, together, lets a principal obtain permissions it was not
// given (Rhino Security Labs' list, and the methods built on it since).
type escalation struct {
	actions []string
	how     string
	// passTo is the service a role is passed to (iam:PassRole methods).
	passTo string
	// assumeUnlessRole: a user or group also needs sts:AssumeRole to use the
	// role it changes; a role changing itself does not.
	assumeUnlessRole bool
}

var escalations = []escalation{
	{actions: []string{"iam:CreatePolicyVersion"}, how: "write a new default version of a policy it holds"},
	{actions: []string{"iam:SetDefaultPolicyVersion"}, how: "switch a policy it holds to a more permissive version"},
	{actions: []string{"iam:CreateAccessKey"}, how: "create access keys for a more privileged user"},
	{actions: []string{"iam:CreateLoginProfile"}, how: "set a console password for a more privileged user"},
	{actions: []string{"iam:UpdateLoginProfile"}, how: "change a more privileged user's console password"},
	{actions: []string{"iam:AttachUserPolicy"}, how: "attach any managed policy to a user"},
	{actions: []string{"iam:AttachGroupPolicy"}, how: "attach any managed policy to a group"},
	{actions: []string{"iam:AttachRolePolicy"}, how: "attach any managed policy to a role", assumeUnlessRole: true},
	{actions: []string{"iam:PutUserPolicy"}, how: "write an inline policy on a user"},
	{actions: []string{"iam:PutGroupPolicy"}, how: "write an inline policy on a group"},
	{actions: []string{"iam:PutRolePolicy"}, how: "write an inline policy on a role", assumeUnlessRole: true},
	{actions: []string{"iam:AddUserToGroup"}, how: "join a more privileged group"},
	{actions: []string{"iam:UpdateAssumeRolePolicy", "sts:AssumeRole"}, how: "trust itself in a role's trust policy and assume it"},
	{actions: []string{"iam:PassRole", "ec2:RunInstances"}, passTo: "ec2.amazonaws.com", how: "start an instance with a privileged role"},
	{actions: []string{"iam:PassRole", "autoscaling:CreateLaunchConfiguration", "autoscaling:CreateAutoScalingGroup"}, passTo: "ec2.amazonaws.com", how: "launch instances with a privileged role"},
	{actions: []string{"iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"}, passTo: "lambda.amazonaws.com", how: "run a function with a privileged role"},
	{actions: []string{"iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"}, passTo: "lambda.amazonaws.com", how: "run a function with a privileged role from an event source"},
	{actions: []string{"lambda:UpdateFunctionCode"}, how: "replace the code of a function that has a privileged role"},
	{actions: []string{"iam:PassRole", "glue:CreateDevEndpoint"}, passTo: "glue.amazonaws.com", how: "open a Glue endpoint with a privileged role"},
	{actions: []string{"glue:UpdateDevEndpoint"}, how: "add its SSH key to a Glue endpoint with a privileged role"},
	{actions: []string{"iam:PassRole", "cloudformation:CreateStack"}, passTo: "cloudformation.amazonaws.com", how: "deploy a stack with a privileged role"},
	{actions: []string{"iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"}, passTo: "datapipeline.amazonaws.com", how: "run a pipeline with a privileged role"},
	{actions: []string{"iam:PassRole", "sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"}, passTo: "sagemaker.amazonaws.com", how: "open a notebook with a privileged role"},
	{actions: []string{"sagemaker:CreatePresignedNotebookInstanceUrl"}, how: "open an existing notebook that has a privileged role"},
	{actions: []string{"iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"}, passTo: "ecs-tasks.amazonaws.com", how: "run a container task with a privileged role"},
	{actions: []string{"iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"}, passTo: "codebuild.amazonaws.com", how: "run a build with a privileged role"},
}
