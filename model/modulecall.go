package model

// ModuleCall is the module block that brought an element of module code
// into a scan (Terraform): findings in a module's code name where it is
// called and from which root module, since the same line may be reached
// from many places.
type ModuleCall struct {
	Address string   // module.app["k"], the instance's full address
	Loc     Location // the module block in the calling module
	Root    string   // the directory of the root module
	Caller  *ModuleCall
}
