// Package nodeproc runs node executables as child processes on a live
// transport, as a launcher does. It passes --transport and the ROS 2
// arguments and keeps each child's output. It stops a child with SIGINT,
// then with SIGKILL if it does not exit in time.
package nodeproc

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// Spec describes one node process.
type Spec struct {
	// Path is the node executable, built with the transport's build tag
	// (go build -tags cyclonedds ./nodes/planner_ebm).
	Path string
	// Transport is the value of --transport, for example "dds".
	Transport string
	// ROSArgs follow --ros-args, for example "-r", "__node:=planner".
	ROSArgs []string
	// Env is added to this process's environment, for example
	// "ROS_DOMAIN_ID=7" or "CYCLONEDDS_URI=file:///...".
	Env []string
}

// Process is a running node.
type Process struct {
	cmd    *exec.Cmd
	stdout syncBuffer
	stderr syncBuffer
	done   chan struct{}
	err    error // exit status, set before done closes
}

// Start starts the node described by s.
func Start(s Spec) (*Process, error) {
	if s.Path == "" || s.Transport == "" {
		return nil, errors.New("nodeproc: Spec needs Path and Transport")
	}
	args := []string{"--transport", s.Transport}
	if len(s.ROSArgs) > 0 {
		args = append(append(args, "--ros-args"), s.ROSArgs...)
	}
	p := &Process{cmd: exec.Command(s.Path, args...), done: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), s.Env...)
	p.cmd.Stdout = &p.stdout
	p.cmd.Stderr = &p.stderr
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("nodeproc: start %s: %w", s.Path, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// Pid returns the process id.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Stdout returns what the node has written to standard output so far.
func (p *Process) Stdout() string { return p.stdout.String() }

// Stderr returns what the node has written to standard error so far; the
// nodes log there.
func (p *Process) Stderr() string { return p.stderr.String() }

// Exited reports whether the process has ended.
func (p *Process) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Stop sends SIGINT, waits up to grace for the node to exit, then kills
// it. It returns the exit status, or an error reporting the kill.
func (p *Process) Stop(grace time.Duration) error {
	if p.Exited() {
		return p.err
	}
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("nodeproc: interrupt pid %d: %w", p.Pid(), err)
	}
	select {
	case <-p.done:
		return p.err
	case <-time.After(grace):
	}
	p.cmd.Process.Kill()
	<-p.done
	return fmt.Errorf("nodeproc: pid %d did not exit within %s of SIGINT and was killed", p.Pid(), grace)
}

// syncBuffer is a bytes.Buffer safe for one writer and concurrent readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
