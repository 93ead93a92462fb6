#!/usr/bin/env bash
# Checks the DDS transport against ROS 2 Humble itself, in both directions:
#   1. a plain rcl node (rmw_cyclonedds_cpp) lists planner_ebm in the ROS 2
#      graph and receives its energies;
#   2. planner_ebm, on the DDS transport, plans on the candidate
#      trajectories, ego states, predictions, lane map and BEV features that
#      the rcl node publishes.
# The energies the rcl node receives must equal those of bag replay.
#
# Needs a ROS 2 Humble install with rcl, rmw_cyclonedds_cpp and the
# message packages ebm_av depends on (ROS2_INSTALL), cyclonedds-dev, cmake,
# gcc and the shared data. Not part of CI.
#
#   ROS2_INSTALL=/opt/ros/humble ros2/dds/interop/run.sh
set -euo pipefail
ros=${ROS2_INSTALL:?set ROS2_INSTALL to a ROS 2 Humble install prefix}
root=$(cd "$(dirname "$0")/../../.." && pwd)
data=${EBM_AV_DATA:-$(cd "$root/.." && pwd)/shared/data}
scenario=$data/commonroad/recorded/SinD/CHN_SIND-831_150_T-225
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# ament's CMake scripts run "python3" and need the system Python modules.
export PATH="/usr/bin:/usr/local/go/bin:$PATH"
export PYTHONPATH=$ros/lib/python3/dist-packages:$(ls -d "$ros"/lib/python3.*/site-packages | tr '\n' ':')
export AMENT_PREFIX_PATH=$work/ts:$ros
export LD_LIBRARY_PATH=$work/ts/lib:$ros/lib
export RMW_IMPLEMENTATION=rmw_cyclonedds_cpp
export CYCLONEDDS_URI=file://$root/config/cyclonedds-loopback.xml
export ROS_DOMAIN_ID=${ROS_DOMAIN_ID:-91}

echo "== C type support of the ebm_av messages"
cmake -S "$root" -B "$work/ts-build" -DCMAKE_PREFIX_PATH="$ros" -DCMAKE_INSTALL_PREFIX="$work/ts" \
  -DEBM_AV_BUILD_GO_NODES=OFF -DEBM_AV_BUILD_INTERFACES=ON -DBUILD_TESTING=OFF >"$work/cmake.log"
cmake --build "$work/ts-build" -j"$(nproc)" >>"$work/cmake.log"
cmake --install "$work/ts-build" >>"$work/cmake.log"

echo "== rcl_bridge"
inc=()
for p in rcl rcutils rmw rosidl_runtime_c rosidl_typesupport_interface rosidl_typesupport_introspection_c \
  rcl_yaml_param_parser rcl_logging_interface tracetools; do
  inc+=("-I$ros/include/$p")
done
gcc -O1 -Wall -o "$work/rcl_bridge" "$root/ros2/dds/interop/rcl_bridge.c" "${inc[@]}" \
  -L"$ros/lib" -Wl,-rpath="$ros/lib" -lrcl -lrmw_implementation -lrmw -lrcutils -lrosidl_runtime_c \
  -lrosidl_typesupport_introspection_c -ldl

echo "== Go binaries, input bag and bag-replay reference"
(cd "$root" && go build -tags cyclonedds -o "$work/bin/" ./nodes/planner_ebm ./cmd/ebm ./ros2/dds/interop/cdrhex)
bin=$work/bin
"$bin/ebm" import commonroad "$scenario.cr.xml" --solution "$scenario.solution.xml" --max-cycles 5 -o "$work/in" >/dev/null 2>&1
"$bin/ebm" replay "$work/in" -o "$work/replay" >/dev/null 2>&1
"$bin/cdrhex" bag "$work/replay" /planner_ebm/energies | cut -d' ' -f4 |
  "$bin/cdrhex" norm ebm_av/msg/CandidateEnergies >"$work/want.hex"
"$bin/cdrhex" bag "$work/in" /localization/ego_state /perception/predicted_obstacles /map/lane_map \
  /planning/bev_features /planning/candidates >"$work/inputs.txt"

echo "== planner_ebm on the DDS transport"
"$bin/planner_ebm" --transport dds >"$work/planner.out" 2>"$work/planner.err" &
pids+=($!)
sleep 1

echo "== ROS 2 graph as rcl sees it"
"$work/rcl_bridge" nodes 2 2>/dev/null | grep -E '^node|planner_ebm|/planning/candidates'

echo "== rcl subscriber on /planner_ebm/energies"
"$work/rcl_bridge" sub /planner_ebm/energies ebm_av/msg/CandidateEnergies 5 >"$work/got.raw" 2>"$work/sub.err" &
sub=$!
pids+=($sub)

echo "== rcl publishes the planner inputs, candidate trajectories included, 20 ms apart"
"$work/rcl_bridge" pub 20 <"$work/inputs.txt"
wait "$sub"
"$bin/cdrhex" norm ebm_av/msg/CandidateEnergies <"$work/got.raw" >"$work/got.hex"

if cmp -s "$work/want.hex" "$work/got.hex"; then
  echo "PASS: $(wc -l <"$work/got.hex") energies messages received by rcl equal bag replay"
else
  echo "FAIL: energies received by rcl differ from bag replay" >&2
  diff <(cut -c1-120 "$work/want.hex") <(cut -c1-120 "$work/got.hex") >&2 || true
  cat "$work/planner.err" >&2
  exit 1
fi
