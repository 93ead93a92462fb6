package learn

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Split assigns sets to training, validation and test by site. The test
// site is held out entirely. Inside each training site the last
// ValidationFraction of scenarios, in recording order, are validation: they
// are later windows of the same recording, so only early stopping and the
// temperature see them, and nothing is fitted on the test site.
type Split struct {
	Train, Test        []string // sites
	ValidationFraction float64
}

// String describes the split for the model file.
func (s Split) String() string {
	return fmt.Sprintf("train sites %s; validation: the last %.0f%% of scenarios of each training site in recording order; test site %s (held out)",
		strings.Join(s.Train, "+"), 100*s.ValidationFraction, strings.Join(s.Test, "+"))
}

// HoldOut returns the split that tests on site and trains on the others.
func HoldOut(site string, validationFraction float64) (Split, error) {
	if !slices.Contains(Sites, site) {
		return Split{}, fmt.Errorf("learn: unknown site %q: choose one of %s", site, strings.Join(Sites, ", "))
	}
	var train []string
	for _, s := range Sites {
		if s != site {
			train = append(train, s)
		}
	}
	return Split{Train: train, Test: []string{site}, ValidationFraction: validationFraction}, nil
}

// Apply returns the training, validation and test sets of sets.
func (s Split) Apply(sets []Set) (train, val, test []Set) {
	valScenarios := map[string]bool{}
	for _, site := range s.Train {
		for _, sc := range s.ValidationScenarios(site, sets) {
			valScenarios[sc] = true
		}
	}
	for _, set := range sets {
		switch {
		case slices.Contains(s.Test, set.Site):
			test = append(test, set)
		case !slices.Contains(s.Train, set.Site):
		case valScenarios[set.Scenario]:
			val = append(val, set)
		default:
			train = append(train, set)
		}
	}
	return train, val, test
}

// ValidationScenarios returns the validation scenarios of a training site
// among those named in sets.
func (s Split) ValidationScenarios(site string, sets []Set) []string {
	var names []string
	for _, set := range sets {
		if set.Site == site && !slices.Contains(names, set.Scenario) {
			names = append(names, set.Scenario)
		}
	}
	return LastScenarios(names, s.ValidationFraction)
}

// LastScenarios returns the last fraction of names in recording order, at
// least one when fraction > 0 and there are two or more names.
func LastScenarios(names []string, fraction float64) []string {
	names = slices.Clone(names)
	sort.SliceStable(names, func(i, j int) bool { return recordingStart(names[i]) < recordingStart(names[j]) })
	n := int(float64(len(names))*fraction + 0.5)
	if n == 0 && fraction > 0 && len(names) > 1 {
		n = 1
	}
	return names[len(names)-n:]
}

// recordingStart returns the first time step of a CommonRoad scenario name
// such as CHN_SIND-831_150_T-225 (150), or 0 when the name has none.
func recordingStart(name string) int {
	i := strings.LastIndex(name, "_T-")
	if i < 0 {
		return 0
	}
	j := strings.LastIndex(name[:i], "_")
	v, err := strconv.Atoi(name[j+1 : i])
	if err != nil {
		return 0
	}
	return v
}
