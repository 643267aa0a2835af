package model

import (
	"reflect"
	"testing"
)

var (
	metaType = reflect.TypeFor[Meta]()
	refType  = reflect.TypeFor[Ref]()
)

// elementFields are the fields of Inventory that hold elements: slices of
// pointers to structs embedding Meta.
func elementFields() []reflect.StructField {
	var out []reflect.StructField
	for _, f := range reflect.VisibleFields(reflect.TypeFor[Inventory]()) {
		t := f.Type
		if t.Kind() != reflect.Slice || t.Elem().Kind() != reflect.Pointer || t.Elem().Elem().Kind() != reflect.Struct {
			continue
		}
		if m, ok := t.Elem().Elem().FieldByName("Meta"); ok && m.Anonymous && m.Type == metaType {
			out = append(out, f)
		}
	}
	return out
}

// TestKindsCoverInventory holds the table of kinds to Inventory: one kind
// for each field of elements, in field order, each finding its own field.
func TestKindsCoverInventory(t *testing.T) {
	fields := elementFields()
	if len(fields) != len(kinds) {
		t.Fatalf("Inventory has %d fields of elements, kinds lists %d", len(fields), len(kinds))
	}
	for i, f := range fields {
		inv := &Inventory{}
		el := reflect.New(f.Type.Elem().Elem())
		el.Elem().FieldByName("Meta").FieldByName("ID").SetString("x")
		v := reflect.ValueOf(inv).Elem().FieldByIndex(f.Index)
		v.Set(reflect.Append(v, el))
		k := kinds[i]
		if k.Len(inv) != 1 || k.Meta(inv, 0).ID != "x" {
			t.Errorf("kinds[%d] (%s) does not hold Inventory.%s", i, k.Name(), f.Name)
		}
	}
}

// TestKindsMerge: Merge carries every element of every kind.
func TestKindsMerge(t *testing.T) {
	src := &Inventory{}
	for _, f := range elementFields() {
		v := reflect.ValueOf(src).Elem().FieldByIndex(f.Index)
		v.Set(reflect.Append(v, reflect.New(f.Type.Elem().Elem())))
	}
	dst := &Inventory{}
	dst.Merge(src)
	dst.Merge(src)
	for _, k := range kinds {
		if got := k.Len(dst); got != 2 {
			t.Errorf("%s: %d elements after merging one twice, want 2", k.Name(), got)
		}
	}
}

// TestKindsStampEveryRef: every reference an element holds (a Ref, a list
// of them, or one inside a struct of a list) gets its holder's scope, so a
// kind whose table entry leaves a reference out fails here.
func TestKindsStampEveryRef(t *testing.T) {
	total := 0
	for i, f := range elementFields() {
		inv := &Inventory{}
		el := reflect.New(f.Type.Elem().Elem())
		fill(el.Elem())
		el.Elem().FieldByName("Meta").FieldByName("Scope").SetString("s")
		v := reflect.ValueOf(inv).Elem().FieldByIndex(f.Index)
		v.Set(reflect.Append(v, el))
		inv.scopeRefs()
		refs(el.Elem(), func(path string, r *Ref) {
			total++
			if r.Scope != "s" {
				t.Errorf("%s: %s.%s is not stamped with its holder's scope", kinds[i].Name(), f.Name, path)
			}
		})
	}
	// Identity 1, Policy 1, Attachment 2, BoundaryAttachment 2, Membership
	// 2, AccessKey 1, LoginProfile 1, InstanceProfile 1, Exposure 1,
	// OrgNode 1, OrgAttachment 2, Endpoint 1, Share 1.
	if total != 17 {
		t.Errorf("found %d references in the elements, want 17", total)
	}
}

// fill gives every list of references or of structs holding them one
// item, so that refs finds them.
func fill(v reflect.Value) {
	for i := range v.NumField() {
		f := v.Field(i)
		if !f.CanSet() {
			continue
		}
		switch {
		case f.Kind() == reflect.Slice && (f.Type().Elem() == refType || f.Type().Elem().Kind() == reflect.Struct):
			f.Set(reflect.MakeSlice(f.Type(), 1, 1))
			if f.Type().Elem().Kind() == reflect.Struct {
				fill(f.Index(0))
			}
		}
	}
}

// refs calls each on every Ref in v, a struct, outside its Meta.
func refs(v reflect.Value, each func(string, *Ref)) {
	for i := range v.NumField() {
		f, sf := v.Field(i), v.Type().Field(i)
		switch {
		case sf.Type == metaType || !sf.IsExported():
		case sf.Type == refType:
			each(sf.Name, f.Addr().Interface().(*Ref))
		case f.Kind() == reflect.Struct:
			refs(f, func(p string, r *Ref) { each(sf.Name+"."+p, r) })
		case f.Kind() == reflect.Slice && (sf.Type.Elem() == refType || sf.Type.Elem().Kind() == reflect.Struct):
			for j := range f.Len() {
				if sf.Type.Elem() == refType {
					each(sf.Name, f.Index(j).Addr().Interface().(*Ref))
				} else {
					refs(f.Index(j), func(p string, r *Ref) { each(sf.Name+"."+p, r) })
				}
			}
		}
	}
}
