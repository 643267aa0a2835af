package rules

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/iacscan/iacscan/iam"
	"github.com/iacscan/iacscan/model"
)

// operatorFamilies maps condition operator names (without qualifier or
// IfExists) to the type of value they compare.
var operatorFamilies = map[string]string{
	"StringEquals": "string", "StringNotEquals": "string", "StringEqualsIgnoreCase": "string",
	"StringNotEqualsIgnoreCase": "string", "StringLike": "string", "StringNotLike": "string",
	"NumericEquals": "numeric", "NumericNotEquals": "numeric", "NumericLessThan": "numeric",
	"NumericLessThanEquals": "numeric", "NumericGreaterThan": "numeric", "NumericGreaterThanEquals": "numeric",
	"DateEquals": "date", "DateNotEquals": "date", "DateLessThan": "date", "DateLessThanEquals": "date",
	"DateGreaterThan": "date", "DateGreaterThanEquals": "date",
	"Bool": "bool", "BinaryEquals": "binary", "IpAddress": "ip", "NotIpAddress": "ip",
	"ArnEquals": "arn", "ArnLike": "arn", "ArnNotEquals": "arn", "ArnNotLike": "arn",
	"Null": "null",
}

// familyFits lists the key types each operator family can compare. String
// and ARN operators are lenient with each other (ARN-valued keys are often
// typed String); a Bool key compared as a string is left alone.
var familyFits = map[string][]iam.KeyType{
	"string":  {iam.String, iam.ARN, iam.Bool},
	"arn":     {iam.ARN, iam.String},
	"numeric": {iam.Numeric, iam.Date},
	"date":    {iam.Date},
	"bool":    {iam.Bool},
	"ip":      {iam.IPAddress},
}

var familyHint = map[iam.KeyType]string{
	iam.IPAddress: "`IpAddress`/`NotIpAddress`", iam.Numeric: "a `Numeric…` operator",
	iam.Date: "a `Date…` operator", iam.Bool: "`Bool`", iam.String: "a `String…` operator",
	iam.ARN: "an `Arn…` operator",
}

func typeMismatch(family string, key *iam.ConditionKey) string {
	fits, checked := familyFits[family]
	if !checked {
		return ""
	}
	elem := key.Type.Elem()
	for _, t := range fits {
		if t == elem {
			return ""
		}
	}
	return fmt.Sprintf("compares %s values, but the key holds %s values; use %s", family, elem, familyHint[elem])
}

// badValue checks that known values parse for typed operators.
func badValue(family string, vs model.Values) string {
	for _, v := range vs.Items {
		if !v.IsKnown() || strings.Contains(v.Text, "${") {
			continue
		}
		if !valueParses(family, v.Text) {
			return fmt.Sprintf("has the value `%s`, which is not a valid %s", v.Text, family)
		}
	}
	return ""
}

func valueParses(family, s string) bool {
	switch family {
	case "bool", "null":
		return strings.EqualFold(s, "true") || strings.EqualFold(s, "false")
	case "numeric":
		_, err := strconv.ParseFloat(s, 64)
		return err == nil
	case "ip":
		if _, err := netip.ParsePrefix(s); err == nil {
			return true
		}
		_, err := netip.ParseAddr(s)
		return err == nil
	case "date":
		if _, err := strconv.ParseInt(s, 10, 64); err == nil {
			return true
		}
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z", "2006-01-02"} {
			if _, err := time.Parse(layout, s); err == nil {
				return true
			}
		}
		return false
	}
	return true
}
