package learn

import (
	"compress/gzip"
	"encoding/gob"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"runtime"
	"sort"
	"sync"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/ebm/negatives"
	"github.com/ebm-av/ebm_av/ebm/nn"
	"github.com/ebm-av/ebm_av/eval"
	"github.com/ebm-av/ebm_av/traj"
)

// Candidate kinds of a Set besides the negatives.Kind names.
const (
	KindHuman     = "human"     // the recorded future of the expert
	KindCandidate = "candidate" // a sampler candidate
)

// Set is one training example: candidates sharing a planning cycle, one of
// them the positive.
type Set struct {
	Site, Scenario string
	Expert         int
	Time           float64 // scene time of the cycle, s
	// Lattice marks a set of sampler candidates whose positive is the one
	// nearest to the human future. Otherwise the positive is the human
	// future itself and the negatives are hard negatives and sampler
	// candidates far from it.
	Lattice  bool
	Positive int
	Kinds    []string  // per candidate: KindHuman, KindCandidate or a negatives.Kind name
	Analytic []float32 // raw analytic term energies, [candidates][len(AnalyticTerms)]
	Features []float32 // per-step features, [candidates][Featurizer.Dim()]
}

// Len returns the number of candidates.
func (s *Set) Len() int { return len(s.Kinds) }

// Dataset is the output of BuildDataset.
type Dataset struct {
	Experts       ExpertSelection // with defaults applied
	Featurizer    Featurizer
	FeatureNames  []string
	AnalyticTerms []string
	Sets          []Set
}

// DatasetOptions configures BuildDataset.
type DatasetOptions struct {
	Experts    ExpertOptions
	Featurizer Featurizer // zero means DefaultFeaturizer
	Negatives  negatives.Config
	// MaxCandidates caps the candidates of a set. Default 48.
	MaxCandidates int
	// FarDistance is the average displacement from the human future above
	// which a sampler candidate joins the human set as a negative, m.
	// Default 2.
	FarDistance float64
	Seed        uint64
	Logger      *slog.Logger
}

func (o *DatasetOptions) defaults() {
	o.Experts.defaults()
	if o.Featurizer == (Featurizer{}) {
		o.Featurizer = DefaultFeaturizer
	}
	if o.Negatives == (negatives.Config{}) {
		o.Negatives = negatives.DefaultConfig()
	}
	if o.MaxCandidates == 0 {
		o.MaxCandidates = 48
	}
	if o.FarDistance == 0 {
		o.FarDistance = 2
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// BuildDataset turns the scenarios of the named sites under root into sets,
// two per cycle: the human future against hard negatives and far sampler
// candidates, and the sampler lattice with the human-nearest candidate as
// positive. Scenarios are processed in parallel; the output order and
// content depend only on the options.
func BuildDataset(root string, sites []string, opts DatasetOptions) (*Dataset, error) {
	opts.defaults()
	type job struct {
		site, path string
		index      int
	}
	var jobs []job
	for _, site := range sites {
		dir, err := siteDir(root, site)
		if err != nil {
			return nil, err
		}
		files, err := ScenarioFiles(dir)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			jobs = append(jobs, job{site, f, len(jobs)})
		}
	}
	results := make([][]Set, len(jobs))
	errs := make([]error, len(jobs))
	next := make(chan job)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range next {
				samples, err := LoadScenario(j.site, j.path, opts.Experts)
				if err == nil {
					results[j.index], err = buildSets(samples, opts, uint64(j.index))
				}
				errs[j.index] = err
				opts.Logger.Info("dataset: scenario done", "site", j.site, "scenario", j.path, "sets", len(results[j.index]))
			}
		})
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	ds := &Dataset{Experts: opts.Experts.ExpertSelection, Featurizer: opts.Featurizer, FeatureNames: FeatureNames(), AnalyticTerms: AnalyticTerms}
	for i := range jobs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		ds.Sets = append(ds.Sets, results[i]...)
	}
	return ds, nil
}

// buildSets returns the two sets of every sample.
func buildSets(samples []Sample, opts DatasetOptions, stream uint64) ([]Set, error) {
	terms, err := newTermEvaluator()
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(opts.Seed, stream))
	var out []Set
	for i := range samples {
		s := &samples[i]
		if len(s.Human.Points) < 3 || len(s.Candidates) == 0 {
			continue
		}
		human, lattice, err := setsOf(s, terms, opts, rng)
		if err != nil {
			return nil, fmt.Errorf("learn: %s expert %d at %.1f s: %w", s.Scenario, s.Expert, s.Time, err)
		}
		out = append(out, human, lattice)
	}
	return out, nil
}

func setsOf(s *Sample, terms *termEvaluator, opts DatasetOptions, rng *rand.Rand) (human, lattice Set, err error) {
	ades := make([]float64, len(s.Candidates))
	for i, c := range s.Candidates {
		ades[i], _, _ = eval.Displacement(c, s.Human)
	}
	order := make([]int, len(ades))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return ades[order[a]] < ades[order[b]] })

	// Human set: the human future, the hard negatives and far sampler
	// candidates, all cut to the human horizon so they share its grid.
	n := len(s.Human.Points)
	cands := []traj.Trajectory{s.Human}
	kinds := []string{KindHuman}
	for _, neg := range negatives.Generate(s.Human, s.Recorded, opts.Negatives, rng) {
		cands = append(cands, neg.Trajectory)
		kinds = append(kinds, neg.Kind.String())
	}
	var far []int
	for _, i := range order {
		if ades[i] > opts.FarDistance {
			far = append(far, i)
		}
	}
	rng.Shuffle(len(far), func(a, b int) { far[a], far[b] = far[b], far[a] })
	for _, i := range far {
		if len(cands) >= opts.MaxCandidates {
			break
		}
		cands = append(cands, traj.Trajectory{Points: s.Candidates[i].Points[:n]})
		kinds = append(kinds, KindCandidate)
	}
	if human, err = newSet(s, cands, kinds, 0, terms, opts.Featurizer); err != nil {
		return human, lattice, err
	}

	// Lattice set: the nearest candidate, the next nearest ones as hard
	// negatives and a random draw of the rest.
	hard := min(opts.MaxCandidates/4, len(order))
	picked := append([]int(nil), order[:hard]...)
	rest := append([]int(nil), order[hard:]...)
	rng.Shuffle(len(rest), func(a, b int) { rest[a], rest[b] = rest[b], rest[a] })
	picked = append(picked, rest[:min(len(rest), opts.MaxCandidates-hard)]...)
	cands, kinds = cands[:0], kinds[:0]
	for _, i := range picked {
		cands = append(cands, s.Candidates[i])
		kinds = append(kinds, KindCandidate)
	}
	lattice, err = newSet(s, cands, kinds, 0, terms, opts.Featurizer)
	lattice.Lattice = true
	return human, lattice, err
}

func newSet(s *Sample, cands []traj.Trajectory, kinds []string, positive int, terms *termEvaluator, f Featurizer) (Set, error) {
	set := Set{Site: s.Site, Scenario: s.Scenario, Expert: s.Expert, Time: s.Time, Positive: positive,
		Kinds: append([]string(nil), kinds...)}
	na := len(AnalyticTerms)
	a := make([]float64, len(cands)*na)
	if err := terms.Evaluate(&s.Cycle, cands, a); err != nil {
		return set, err
	}
	set.Analytic = toFloat32(a)
	x, err := featuresOf(&s.Cycle.Ego, s.Grid, cands, f)
	if err != nil {
		return set, err
	}
	set.Features = toFloat32(x)
	return set, nil
}

// featuresOf returns the per-step features of cands, [len(cands)][f.Dim()].
func featuresOf(ego *traj.EgoState, grid *bev.Grid, cands []traj.Trajectory, f Featurizer) ([]float64, error) {
	var smp *nn.BEVSampler
	if grid != nil {
		var err error
		if smp, err = nn.NewBEVSampler(grid, bev.SceneChannels...); err != nil {
			return nil, fmt.Errorf("learn: BEV features: %w", err)
		}
	}
	d := f.Dim()
	x := make([]float64, len(cands)*d)
	for i, c := range cands {
		f.Features(*ego, smp, c, x[i*d:(i+1)*d])
	}
	return x, nil
}

func toFloat32(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}

// Save writes ds to path as gzip-compressed gob.
func (ds *Dataset) Save(path string) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("learn: %w", err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("learn: %w", cerr)
		}
	}()
	zw := gzip.NewWriter(f)
	if err := gob.NewEncoder(zw).Encode(ds); err != nil {
		return fmt.Errorf("learn: write dataset %s: %w", path, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("learn: write dataset %s: %w", path, err)
	}
	return nil
}

// LoadDataset reads a dataset written by Save and checks its layout
// against this build's features and terms.
func LoadDataset(path string) (*Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("learn: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("learn: read dataset %s: %w", path, err)
	}
	var ds Dataset
	if err := gob.NewDecoder(zr).Decode(&ds); err != nil {
		return nil, fmt.Errorf("learn: read dataset %s: %w", path, err)
	}
	if len(ds.FeatureNames) != NumFeatures || len(ds.AnalyticTerms) != len(AnalyticTerms) {
		return nil, fmt.Errorf("learn: dataset %s has %d features and %d analytic terms, this build %d and %d: rebuild it with ebm dataset",
			path, len(ds.FeatureNames), len(ds.AnalyticTerms), NumFeatures, len(AnalyticTerms))
	}
	d := ds.Featurizer.Dim()
	for i := range ds.Sets {
		s := &ds.Sets[i]
		if len(s.Features) != s.Len()*d || len(s.Analytic) != s.Len()*len(AnalyticTerms) || s.Positive < 0 || s.Positive >= s.Len() {
			return nil, fmt.Errorf("learn: dataset %s: set %d (%s at %.1f s) has an inconsistent layout: rebuild it", path, i, s.Scenario, s.Time)
		}
	}
	return &ds, nil
}
