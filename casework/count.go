package casework

// Count is how many cases have one value of a field.
type Count struct {
	Value string
	Cases int
}

// CountBy counts cases by their value of field, in the order GroupOrder gives.
func CountBy(cases []Case, field string) []Count {
	n := map[string]int{}
	var values []string
	for _, c := range cases {
		v := c.Field(field)
		if n[v] == 0 {
			values = append(values, v)
		}
		n[v]++
	}
	GroupOrder(field, values)
	out := make([]Count, len(values))
	for i, v := range values {
		out[i] = Count{Value: v, Cases: n[v]}
	}
	return out
}
