package importer

import (
	"math"

	"github.com/ebm-av/ebm_av/bev"
	"github.com/ebm-av/ebm_av/commonroad"
	"github.com/ebm-av/ebm_av/geom"
	"github.com/ebm-av/ebm_av/msgconv"
	"github.com/ebm-av/ebm_av/occupancy"
	"github.com/ebm-av/ebm_av/occupancy/evaluation"
	"github.com/ebm-av/ebm_av/occupancy/forecast"
	"github.com/ebm-av/ebm_av/traj"
)

// Topics of the occupancy data. The real future is evaluation-only: the
// forecast set never contains it, and ebm eval scores it beside the
// scorer's energies of the forecasts.
const (
	TopicOccupancyHistory   = "/perception/occupancy_history"
	TopicOccupancyForecasts = "/perception/occupancy_forecasts"
	TopicOccupancyFeatures  = "/perception/occupancy_features"
	TopicOccupancyFuture    = "/eval/occupancy_future"
)

// ChannelObserved is the BEV channel of the observed region on
// TopicOccupancyFeatures: 1 inside the recorded area, else 0. It is the
// default observed_channel of occupancy_scorer.
const ChannelObserved = "observed_area"

// occupancyScene holds the data shared by every occupancy cycle of one
// scenario: the obstacles, their recorded span and the region a drone
// recorded.
type occupancyScene struct {
	sc         *commonroad.Scenario
	obstacles  []traj.Obstacle
	start, end float64     // recorded span of the obstacles, s
	area       []geom.Vec2 // bounding box of every recorded position, map frame
	cfg        evaluation.StudyConfig
}

// occupancyCycle is the occupancy data of one planning cycle.
type occupancyCycle struct {
	history   *occupancy.Sequence
	future    *occupancy.Sequence // real future of the agents present at the cycle time
	forecasts occupancy.ForecastSet
	features  *bev.Grid // drivable_area and observed_area on the history's grid
}

// newOccupancyScene prepares the occupancy data of sc with the grid and
// timing of cfg. excludeID is the obstacle that is the ego, or 0.
func newOccupancyScene(sc *commonroad.Scenario, dt float64, excludeID int, cfg evaluation.StudyConfig) *occupancyScene {
	s := &occupancyScene{sc: sc, cfg: cfg, start: math.Inf(1), end: math.Inf(-1)}
	for i := range sc.Obstacles {
		if sc.Obstacles[i].ID == excludeID {
			continue
		}
		o := sc.Obstacles[i].Traj(dt)
		for _, st := range o.States {
			s.start, s.end = math.Min(s.start, st.T), math.Max(s.end, st.T)
		}
		s.obstacles = append(s.obstacles, o)
	}
	// A static obstacle has one state, so it is held over the whole scene.
	k := 0
	for i := range sc.Obstacles {
		if sc.Obstacles[i].ID == excludeID {
			continue
		}
		if o := &s.obstacles[k]; sc.Obstacles[i].Static && len(o.States) > 0 {
			first, last := o.States[0], o.States[0]
			first.T, last.T = s.start, s.end
			o.States = []traj.ObstacleState{first, last}
		}
		k++
	}
	s.area = boundingBox(s.obstacles)
	return s
}

// cycle rasterises the occupancy data at cycle time tc in the BEV frame
// centred on ego. It returns false when the scene lacks cfg.Past seconds
// before tc or cfg.Horizon seconds after it, or when no obstacle occupies
// the grid at tc, because there is nothing to forecast.
func (s *occupancyScene) cycle(ego traj.EgoState, tc float64) (*occupancyCycle, bool, error) {
	cfg := s.cfg
	if tc < s.start+cfg.Past-1e-9 || tc > s.end-cfg.Horizon+1e-9 {
		return nil, false, nil
	}
	layout := occupancy.EgoLayout(FrameMap, ego.X, ego.Y, ego.Yaw, cfg.Height, cfg.Width, cfg.Resolution)
	history, err := occupancy.Past(s.obstacles, layout, tc, cfg.Past, cfg.TimeStep)
	if err != nil {
		return nil, false, err
	}
	if history.Mass(history.Frames-1) == 0 {
		return nil, false, nil
	}
	future, err := occupancy.Future(forecast.Observed(s.obstacles, tc), layout, tc, cfg.Horizon, cfg.TimeStep)
	if err != nil {
		return nil, false, err
	}
	setup := forecast.Setup{Layout: layout, CycleTime: tc, Horizon: cfg.Horizon, TimeStep: cfg.TimeStep}
	set, err := forecast.Build(evaluation.Forecasters(), s.obstacles, setup)
	if err != nil {
		return nil, false, err
	}

	g := bev.NewGrid([]string{bev.ChannelDrivable, ChannelObserved}, cfg.Height, cfg.Width, cfg.Resolution)
	g.OriginX, g.OriginY, g.OriginYaw = layout.OriginX, layout.OriginY, layout.OriginYaw
	copy(g.Plane(0), evaluation.DrivableMask(s.sc, layout))
	copy(g.Plane(1), evaluation.PolygonMask(s.area, layout))
	return &occupancyCycle{history: history, future: future, forecasts: set, features: g}, true, nil
}

// boundingBox returns the corners of the axis-aligned bounding box of every
// state of obstacles. A drone records objects only inside its view, so this
// box is the observed region of a recorded scene.
func boundingBox(obstacles []traj.Obstacle) []geom.Vec2 {
	lo := geom.Vec2{X: math.Inf(1), Y: math.Inf(1)}
	hi := geom.Vec2{X: math.Inf(-1), Y: math.Inf(-1)}
	for _, o := range obstacles {
		for _, st := range o.States {
			lo.X, lo.Y = math.Min(lo.X, st.X), math.Min(lo.Y, st.Y)
			hi.X, hi.Y = math.Max(hi.X, st.X), math.Max(hi.Y, st.Y)
		}
	}
	return []geom.Vec2{lo, {X: hi.X, Y: lo.Y}, hi, {X: lo.X, Y: hi.Y}}
}

// writeOccupancy writes the occupancy data of one cycle, the forecast set
// last because it triggers scoring.
func (cw *cycleWriter) writeOccupancy(stamp int64, c *occupancyCycle) error {
	features := msgconv.BEVMsg(c.features, stamp, FrameMap, msgconv.Frame2D{})
	if err := cw.put(TopicOccupancyFeatures, stamp, &features); err != nil {
		return err
	}
	history := msgconv.OccupancyMsg(c.history, stamp)
	if err := cw.put(TopicOccupancyHistory, stamp, &history); err != nil {
		return err
	}
	future := msgconv.OccupancyMsg(c.future, stamp)
	if err := cw.put(TopicOccupancyFuture, stamp, &future); err != nil {
		return err
	}
	forecasts := msgconv.ForecastsMsg(c.forecasts, stamp, FrameMap)
	return cw.put(TopicOccupancyForecasts, stamp, &forecasts)
}
