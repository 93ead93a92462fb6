package node

import (
	"fmt"
	"reflect"
	"strings"
)

// DeclareStruct declares one parameter per leaf field of the struct that v
// points to, named by the fields' yaml tags joined with "." under prefix, with
// the current field values as defaults. Supported leaf kinds are bool, int
// kinds, float64, string, []float64 and []string; nested structs recurse.
// Range checks stay with the struct's own validation, so descriptors carry
// no range. It panics on unsupported fields, a programming error.
func (p *Params) DeclareStruct(prefix string, v any, describe func(name string) string) {
	walkStruct(prefix, reflect.ValueOf(v).Elem(), func(name string, f reflect.Value) {
		d := ParamDescriptor{Name: name, Default: f.Interface()}
		if describe != nil {
			d.Description = describe(name)
		}
		switch f.Kind() {
		case reflect.Bool:
			d.Type = ParamBool
		case reflect.Int, reflect.Int32, reflect.Int64:
			d.Type, d.Default = ParamInt, f.Int()
		case reflect.Float64:
			d.Type = ParamDouble
		case reflect.String:
			d.Type = ParamString
		case reflect.Slice:
			switch f.Type().Elem().Kind() {
			case reflect.Float64:
				d.Type = ParamDoubleArray
			case reflect.String:
				d.Type = ParamStringArray
			default:
				panic(fmt.Sprintf("node: parameter %q has unsupported type %s", name, f.Type()))
			}
		default:
			panic(fmt.Sprintf("node: parameter %q has unsupported type %s", name, f.Type()))
		}
		p.Declare(d)
	})
}

// LoadStruct copies the current parameter values into the struct that v
// points to, using the names DeclareStruct gave its fields.
func (p *Params) LoadStruct(prefix string, v any) {
	walkStruct(prefix, reflect.ValueOf(v).Elem(), func(name string, f reflect.Value) {
		switch f.Kind() {
		case reflect.Bool:
			f.SetBool(p.Bool(name))
		case reflect.Int, reflect.Int32, reflect.Int64:
			f.SetInt(p.Int(name))
		case reflect.Float64:
			f.SetFloat(p.Double(name))
		case reflect.String:
			f.SetString(p.String(name))
		case reflect.Slice:
			if f.Type().Elem().Kind() == reflect.Float64 {
				f.Set(reflect.ValueOf(p.DoubleArray(name)))
			} else {
				f.Set(reflect.ValueOf(p.StringArray(name)))
			}
		}
	})
}

func walkStruct(prefix string, v reflect.Value, leaf func(name string, f reflect.Value)) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		tag, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if tag == "-" {
			continue
		}
		if tag == "" {
			tag = strings.ToLower(sf.Name)
		}
		name := tag
		if prefix != "" {
			name = prefix + "." + tag
		}
		f := v.Field(i)
		if f.Kind() == reflect.Struct {
			walkStruct(name, f, leaf)
			continue
		}
		leaf(name, f)
	}
}
