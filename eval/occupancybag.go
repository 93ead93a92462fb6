package eval

import (
	"fmt"
	"log/slog"
	"math"

	"github.com/ebm-av/ebm_av/bag"
	"github.com/ebm-av/ebm_av/cdr"
	"github.com/ebm-av/ebm_av/importer"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/msgs/go/ebm_av"
	"github.com/ebm-av/ebm_av/node"
	"github.com/ebm-av/ebm_av/node/inproc"
	"github.com/ebm-av/ebm_av/occupancy"
	"github.com/ebm-av/ebm_av/occupancy/energy"
	"github.com/ebm-av/ebm_av/occupancynode"
)

// OccupancyTopics names the topics ReadOccupancyCycles reads.
type OccupancyTopics struct {
	History, Forecasts, Features, Future string
	Energies                             string
}

// DefaultOccupancyTopics are the topics of the importer and of
// occupancy_scorer with its default name.
var DefaultOccupancyTopics = OccupancyTopics{
	History:   importer.TopicOccupancyHistory,
	Forecasts: importer.TopicOccupancyForecasts,
	Features:  importer.TopicOccupancyFeatures,
	Future:    importer.TopicOccupancyFuture,
	Energies:  "/" + occupancynode.NodeName + "/energies",
}

// OccupancyScorer scores the real future as the node scored the forecasts:
// the same energy terms and parameters, and the same masks.
type OccupancyScorer struct {
	Scorer                           *energy.Scorer
	DrivableChannel, ObservedChannel string
}

// NewOccupancyScorer returns the scorer of an occupancy_scorer node started
// with the given parameter files (none for the defaults). It starts the node
// on a private in-process bus only to read its parameters.
func NewOccupancyScorer(paramFiles ...string) (OccupancyScorer, error) {
	args := node.Args{ParamFiles: paramFiles}
	s, err := occupancynode.New(node.Options{Transport: inproc.New(func() int64 { return 0 }), Args: args,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return OccupancyScorer{}, fmt.Errorf("eval: %w", err)
	}
	defer s.Node().Shutdown()
	cfg := s.Config()
	return OccupancyScorer{Scorer: s.EnergyScorer(), DrivableChannel: cfg.DrivableChannel, ObservedChannel: cfg.ObservedChannel}, nil
}

// pendingOccupancy collects the messages of one stamp until the cycle is
// complete.
type pendingOccupancy struct {
	history   *occupancy.Sequence
	future    *occupancy.Sequence
	forecasts occupancy.ForecastSet
	features  *ebm_av.BEVFeatures
	energies  *ebm_av.ForecastEnergies
}

func (p *pendingOccupancy) complete() bool {
	return p.history != nil && p.future != nil && p.forecasts != nil && p.energies != nil
}

// ReadOccupancyCycles reads a replay output bag and evaluates every cycle
// for which occupancy_scorer published energies and the importer wrote the
// real future, in log-time order. A cycle is evaluated as soon as its
// messages are complete, so the bag's forecast sets are not all held in
// memory. Cycles the node did not score are left out.
func ReadOccupancyCycles(path string, topics OccupancyTopics, sc OccupancyScorer, horizons []float64) ([]OccupancyCycle, error) {
	r, err := bag.Open(path, bag.ReaderOptions{})
	if err != nil {
		return nil, err
	}
	defer r.Close()
	pending := map[int64]*pendingOccupancy{}
	get := func(stamp int64) *pendingOccupancy {
		p, ok := pending[stamp]
		if !ok {
			p = &pendingOccupancy{}
			pending[stamp] = p
		}
		return p
	}
	var out []OccupancyCycle
	for m, err := range r.Messages(bag.Filter{}) {
		if err != nil {
			return nil, fmt.Errorf("eval: %s: %w", path, err)
		}
		stamp, err := readOccupancyMessage(m, topics, get)
		if err != nil {
			return nil, fmt.Errorf("eval: %s: topic %s at %d ns: %w", path, m.Topic.Name, m.LogTime, err)
		}
		if p, ok := pending[stamp]; ok && p.complete() {
			// Messages come in log-time order, so an older cycle still
			// incomplete was not scored; dropping it bounds the memory.
			for older := range pending {
				if older <= stamp {
					delete(pending, older)
				}
			}
			c, err := evaluateOccupancyCycle(stamp, p, sc, horizons)
			if err != nil {
				return nil, fmt.Errorf("eval: %s: cycle at %d ns: %w", path, stamp, err)
			}
			out = append(out, c)
		}
	}
	return out, nil
}

// readOccupancyMessage decodes m when it is on one of topics, stores it
// under its header stamp and returns that stamp.
func readOccupancyMessage(m bag.Message, topics OccupancyTopics, get func(int64) *pendingOccupancy) (int64, error) {
	switch m.Topic.Name {
	case topics.History, topics.Future:
		var msg ebm_av.OccupancySequence
		if err := cdr.Unmarshal(m.Data, &msg); err != nil {
			return 0, err
		}
		seq, err := msgconv.Occupancy(&msg)
		if err != nil {
			return 0, err
		}
		stamp := msgconv.Nanos(msg.Header.Stamp)
		if m.Topic.Name == topics.History {
			get(stamp).history = seq
		} else {
			get(stamp).future = seq
		}
		return stamp, nil
	case topics.Forecasts:
		var msg ebm_av.OccupancyForecasts
		if err := cdr.Unmarshal(m.Data, &msg); err != nil {
			return 0, err
		}
		set, err := msgconv.Forecasts(&msg)
		if err != nil {
			return 0, err
		}
		stamp := msgconv.Nanos(msg.Header.Stamp)
		get(stamp).forecasts = set
		return stamp, nil
	case topics.Features:
		msg := new(ebm_av.BEVFeatures)
		if err := cdr.Unmarshal(m.Data, msg); err != nil {
			return 0, err
		}
		stamp := msgconv.Nanos(msg.Header.Stamp)
		get(stamp).features = msg
		return stamp, nil
	case topics.Energies:
		msg := new(ebm_av.ForecastEnergies)
		if err := cdr.Unmarshal(m.Data, msg); err != nil {
			return 0, err
		}
		stamp := msgconv.Nanos(msg.Header.Stamp)
		get(stamp).energies = msg
		return stamp, nil
	}
	return math.MinInt64, nil
}
