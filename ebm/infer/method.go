package infer

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/ebm-av/ebm_av/ebm"
)

// Problem is one inference request. Each method reads the fields it needs
// and returns an error naming a missing one.
type Problem struct {
	// Energy scores candidates. pgd and langevin need an ebm.Differentiable.
	Energy ebm.Energy
	// Candidates is the finite set for enumerate, laid out [n][Dim].
	Candidates []float64
	// Mask marks valid entries of Candidates; nil means all are valid.
	Mask []bool
	// Init is the starting point of pgd and langevin and the initial mean
	// of cem and of the default sample_rank proposal.
	Init []float64
	// Project, when set, maps a candidate in place onto the feasible set,
	// for example vehicle limits. Every method except enumerate and beam
	// applies it to each candidate before scoring.
	Project func(x []float64)
	// Proposal draws candidates for sample_rank; nil means a Gaussian
	// around Init with standard deviation Config.InitStd.
	Proposal Proposal
	// Sequence is the token problem for beam.
	Sequence PrefixEnergy
}

// Proposal draws candidates for sample_rank.
type Proposal interface {
	// Propose writes n candidates, laid out [n][dim], to dst.
	Propose(rng *rand.Rand, n int, dst []float64)
}

// Result is the outcome of one inference.
type Result struct {
	X      []float64 // best candidate found
	Energy float64   // its energy
	// Index is the position of X among Problem.Candidates (enumerate) or
	// the proposals (sample_rank), and -1 otherwise.
	Index int
	// Energies holds the energy of every scored candidate for enumerate
	// and sample_rank, with +Inf for masked ones.
	Energies []float64
	// Samples holds the final chain states of langevin, [Chains][Dim].
	Samples []float64
	// Tokens is the best sequence found by beam.
	Tokens []int
	// Evaluations counts candidate energy evaluations.
	Evaluations int
}

// Method is an inference algorithm.
type Method interface {
	Name() string
	Infer(p Problem, rng *rand.Rand) (Result, error)
}

// Factory builds a method from its configuration.
type Factory func(Config) (Method, error)

var (
	registryMu sync.RWMutex
	registry   = map[string]Factory{}
)

// Register makes a method available to New under name. It panics when the
// name is already taken.
func Register(name string, f Factory) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, ok := registry[name]; ok {
		panic(fmt.Sprintf("infer: method %q registered twice", name))
	}
	registry[name] = f
}

// Names returns the registered method names in sorted order.
func Names() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// New returns the method named by cfg.Method, configured by cfg with
// defaults filled in for zero fields.
func New(cfg Config) (Method, error) {
	registryMu.RLock()
	f, ok := registry[cfg.Method]
	registryMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("infer: unknown method %q, want one of %v", cfg.Method, Names())
	}
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("infer: method %q: %w", cfg.Method, err)
	}
	return f(cfg)
}

func init() {
	Register("enumerate", func(c Config) (Method, error) { return enumerate{}, nil })
	Register("sample_rank", func(c Config) (Method, error) { return sampleRank{c}, nil })
	Register("pgd", func(c Config) (Method, error) { return pgd{c}, nil })
	Register("langevin", func(c Config) (Method, error) { return langevin{c}, nil })
	Register("cem", func(c Config) (Method, error) { return cem{c}, nil })
	Register("beam", func(c Config) (Method, error) { return beam{c}, nil })
}
