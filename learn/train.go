package learn

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/ebm-av/ebm_av/ebm"
	"github.com/ebm-av/ebm_av/ebm/nn"
	"github.com/ebm-av/ebm_av/ebm/train"
)

// TrainOptions configures Train.
type TrainOptions struct {
	Hidden     []int         // hidden widths of the head; default 64, 64
	Activation nn.Activation // default SiLU
	// Loss is the ranking loss: train.Softmax{Temperature: 1} by default,
	// or train.Margin.
	Loss         train.RankingLoss
	Epochs       int     // default 40
	BatchSize    int     // sets per step; default 32
	LearningRate float64 // Adam; default 1e-3
	ClipNorm     float64 // gradient norm bound; default 10
	// Patience is the number of epochs without a lower validation loss
	// after which training stops. Default 6.
	Patience int
	Seed     uint64
	Logger   *slog.Logger
	// Context stops training between epochs when it is done; nil means
	// context.Background().
	Context context.Context
	// Progress receives one line per epoch with the losses and the
	// validation ranking accuracy; nil means none.
	Progress io.Writer
}

func (o *TrainOptions) defaults() {
	if len(o.Hidden) == 0 {
		o.Hidden = []int{64, 64}
	}
	if o.Activation == nn.Identity {
		o.Activation = nn.SiLU
	}
	if o.Loss == nil {
		o.Loss = train.Softmax{Temperature: 1}
	}
	if o.Epochs == 0 {
		o.Epochs = 40
	}
	if o.BatchSize == 0 {
		o.BatchSize = 32
	}
	if o.LearningRate == 0 {
		o.LearningRate = 1e-3
	}
	if o.ClipNorm == 0 {
		o.ClipNorm = 10
	}
	if o.Patience == 0 {
		o.Patience = 6
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Context == nil {
		o.Context = context.Background()
	}
}

// TrainReport summarises a training run.
type TrainReport struct {
	Epochs, BestEpoch int
	TrainLoss         float64 // at the best epoch
	ValLoss           float64 // best
	ValAccuracy       float64 // top-1 of the positive over all validation sets, at the best epoch
	ValLatticeTop1    float64 // top-1 over the validation lattice sets, at the best epoch
	Elapsed           time.Duration
}

// Train fits a model on the training sets, stopping early on the
// validation loss and returning the parameters of the best epoch.
func Train(f Featurizer, trainSets, valSets []Set, opts TrainOptions) (*Model, TrainReport, error) {
	opts.defaults()
	start := time.Now()
	var rep TrainReport
	if len(trainSets) == 0 || len(valSets) == 0 {
		return nil, rep, errors.New("learn: training needs training and validation sets: check the split and the dataset sites")
	}
	m := NewModel(f, opts.Hidden, opts.Activation, opts.Seed)
	normalise(m, trainSets)
	adam := &train.Adam{LearningRate: opts.LearningRate}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x747261696e))
	order := make([]int, len(trainSets))
	for i := range order {
		order[i] = i
	}
	grad := make([]float64, len(m.Params()))
	best := slices.Clone(m.Params())
	rep.ValLoss = math.Inf(1)
	bad := 0
	for epoch := 1; epoch <= opts.Epochs; epoch++ {
		if err := opts.Context.Err(); err != nil {
			return nil, rep, fmt.Errorf("learn: training stopped at epoch %d: %w", epoch, err)
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var sum float64
		var n int
		for lo := 0; lo < len(order); lo += opts.BatchSize {
			idx := order[lo:min(lo+opts.BatchSize, len(order))]
			b, pos := batchOf(trainSets, idx, m.Dim())
			clear(grad)
			loss := train.RankingStep(m, opts.Loss, b, pos, grad)
			if math.IsNaN(loss) || math.IsInf(loss, 0) {
				return nil, rep, fmt.Errorf("learn: training loss %g at epoch %d: lower the learning rate", loss, epoch)
			}
			train.ClipNorm(grad, opts.ClipNorm)
			adam.Step(m.Params(), grad)
			m.project()
			sum += loss * float64(len(idx))
			n += len(idx)
		}
		trainLoss := sum / float64(n)
		vs := Validate(m, valSets, opts.Loss)
		rep.Epochs = epoch
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, "epoch %3d/%d  loss %.4f  val_loss %.4f  val_rank_acc %.3f  val_lattice_top1 %.3f  %s\n",
				epoch, opts.Epochs, trainLoss, vs.Loss, vs.Accuracy, vs.LatticeTop1, time.Since(start).Round(time.Millisecond))
		}
		if vs.Loss < rep.ValLoss-1e-6 {
			copy(best, m.Params())
			rep.BestEpoch, rep.TrainLoss, rep.ValLoss = epoch, trainLoss, vs.Loss
			rep.ValAccuracy, rep.ValLatticeTop1 = vs.Accuracy, vs.LatticeTop1
			bad = 0
			continue
		}
		if bad++; bad >= opts.Patience {
			break
		}
	}
	copy(m.Params(), best)
	rep.Elapsed = time.Since(start)
	opts.Logger.Info("training done", "epochs", rep.Epochs, "best_epoch", rep.BestEpoch,
		"val_loss", rep.ValLoss, "val_rank_acc", rep.ValAccuracy, "elapsed", rep.Elapsed)
	return m, rep, nil
}

// ValidationStats are the ranking loss and top-1 accuracies of a model on
// held-out sets.
type ValidationStats struct {
	Loss, Accuracy, LatticeTop1 float64
}

// Validate evaluates m on sets with loss.
func Validate(m *Model, sets []Set, loss train.RankingLoss) ValidationStats {
	var st ValidationStats
	var lattice int
	const chunk = 64
	for lo := 0; lo < len(sets); lo += chunk {
		idx := make([]int, 0, chunk)
		for i := lo; i < min(lo+chunk, len(sets)); i++ {
			idx = append(idx, i)
		}
		b, pos := batchOf(sets, idx, m.Dim())
		e := make([]float64, b.Len())
		m.Energy(b, e)
		st.Loss += loss.Loss(b, e, pos, make([]float64, b.Len())) * float64(len(idx))
		for s, i := range idx {
			row := e[s*b.Candidates : (s+1)*b.Candidates]
			top := true
			for k, v := range row {
				if k != pos[s] && b.Valid(s*b.Candidates+k) && v <= row[pos[s]] {
					top = false
					break
				}
			}
			if top {
				st.Accuracy++
			}
			if sets[i].Lattice {
				lattice++
				if top {
					st.LatticeTop1++
				}
			}
		}
	}
	st.Loss /= float64(len(sets))
	st.Accuracy /= float64(len(sets))
	if lattice > 0 {
		st.LatticeTop1 /= float64(lattice)
	}
	return st
}

// batchOf lays the sets idx out as a batch padded to the largest set, with
// a mask, and returns it with the positives.
func batchOf(sets []Set, idx []int, dim int) (ebm.Batch, []int) {
	nc := 0
	for _, i := range idx {
		nc = max(nc, sets[i].Len())
	}
	na := len(AnalyticTerms)
	nf := dim - na
	x := make([]float64, len(idx)*nc*dim)
	mask := make([]bool, len(idx)*nc)
	pos := make([]int, len(idx))
	for s, i := range idx {
		set := &sets[i]
		pos[s] = set.Positive
		for k := range set.Len() {
			c := s*nc + k
			mask[c] = true
			dst := x[c*dim : (c+1)*dim]
			for j, v := range set.Analytic[k*na : (k+1)*na] {
				dst[j] = float64(v)
			}
			for j, v := range set.Features[k*nf : (k+1)*nf] {
				dst[na+j] = float64(v)
			}
		}
	}
	b := ebm.NewBatch(len(idx), nc, dim, x)
	b.Mask = mask
	return b, pos
}

// normalise sets the head input means and standard deviations (of the
// asinh-compressed features) and the
// analytic scales of m from the valid steps and candidates of sets.
func normalise(m *Model, sets []Set) {
	nf, hin, na := NumFeatures, NumFeatures-1, len(AnalyticTerms)
	sum, sq := make([]float64, hin), make([]float64, hin)
	asq := make([]float64, na)
	var rows, cands float64
	for i := range sets {
		s := &sets[i]
		for k := 0; k < len(s.Features); k += nf {
			f := s.Features[k : k+nf]
			if f[colValid] == 0 {
				continue
			}
			for j := range hin {
				v := math.Asinh(float64(f[j+1]))
				sum[j] += v
				sq[j] += v * v
			}
			rows++
		}
		for c := 0; c < len(s.Analytic); c += na {
			for j := range na {
				v := float64(s.Analytic[c+j])
				asq[j] += v * v
			}
			cands++
		}
	}
	for j := range hin {
		mean := sum[j] / rows
		m.Mean[j] = mean
		m.Std[j] = math.Max(math.Sqrt(math.Max(sq[j]/rows-mean*mean, 0)), 1e-3)
	}
	for j := range na {
		m.Scale[j] = math.Max(math.Sqrt(asq[j]/cands), 1e-3)
	}
}

func (o TrainOptions) lossOrDefault() train.RankingLoss {
	o.defaults()
	return o.Loss
}
