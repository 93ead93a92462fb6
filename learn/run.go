package learn

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// SiteReport is the outcome of training with one site held out.
type SiteReport struct {
	Split   Split
	Train   TrainReport
	Results []MethodResult // baselines, the learned model, the learned model with refinement
	// ClosedLoop pools the closed-loop runs on the held-out site per
	// method; empty unless requested.
	ClosedLoop []ClosedLoopSummary
	// EvalElapsed is the time spent loading and scoring the evaluation
	// cycles, closed loop included.
	EvalElapsed time.Duration
}

// HoldOutRun trains on the sets of every site but site and, when root is
// not empty, evaluates the baselines and the model on the expert cycles of
// site under root, with temperatures fitted on the validation scenarios of
// the training sites. The model's temperature is set to its fitted value.
// A non-nil closedLoop adds the closed-loop runs on the held-out site.
func HoldOutRun(ds *Dataset, root, site string, validationFraction float64, experts ExpertOptions, opts TrainOptions, closedLoop *ClosedLoopOptions) (*Model, *SiteReport, error) {
	split, err := HoldOut(site, validationFraction)
	if err != nil {
		return nil, nil, err
	}
	trainSets, valSets, _ := split.Apply(ds.Sets)
	opts.defaults()
	opts.Logger.Info("training", "split", split.String(), "train_sets", len(trainSets), "validation_sets", len(valSets))
	m, tr, err := Train(ds.Featurizer, trainSets, valSets, opts)
	if err != nil {
		return nil, nil, fmt.Errorf("learn: hold out %s: %w", site, err)
	}
	rep := &SiteReport{Split: split, Train: tr}
	if root == "" {
		return m, rep, nil
	}
	start := time.Now()
	test, err := loadSite(root, site, nil, experts)
	if err != nil {
		return nil, nil, err
	}
	var val []Sample
	for _, s := range split.Train {
		v, err := loadSite(root, s, split.ValidationScenarios(s, ds.Sets), experts)
		if err != nil {
			return nil, nil, err
		}
		val = append(val, v...)
	}
	methods := append(Baselines(), Learned(m), LearnedRefined(m, RefineOptions{}))
	if rep.Results, err = Evaluate(methods, test, val); err != nil {
		return nil, nil, err
	}
	m.Temperature = rep.Results[len(rep.Results)-2].Temperature
	if closedLoop != nil {
		runs, err := ClosedLoopSite(methods, root, site, experts, *closedLoop)
		if err != nil {
			return nil, nil, err
		}
		rep.ClosedLoop = SummariseClosedLoop(runs)
	}
	rep.EvalElapsed = time.Since(start)
	opts.Logger.Info("evaluated", "site", site, "test_cycles", len(test), "validation_cycles", len(val), "elapsed", rep.EvalElapsed)
	return m, rep, nil
}

// loadSite returns the expert cycles of the named scenarios of site, or of
// all its scenarios when names is nil.
func loadSite(root, site string, names []string, experts ExpertOptions) ([]Sample, error) {
	dir, err := siteDir(root, site)
	if err != nil {
		return nil, err
	}
	files, err := ScenarioFiles(dir)
	if err != nil {
		return nil, err
	}
	var out []Sample
	for _, f := range files {
		if names != nil && !slices.Contains(names, strings.TrimSuffix(filepath.Base(f), ".cr.xml")) {
			continue
		}
		s, err := LoadScenario(site, f, experts)
		if err != nil {
			return nil, err
		}
		out = append(out, s...)
	}
	return out, nil
}
