//go:build linux

package proctime

import (
	"os/exec"
	"syscall"
	"time"
)

// Usage is what one or more processes used.
type Usage struct {
	Wall, CPU time.Duration
	Peak      int64 // bytes of resident memory, the largest of any process
}

// Add sums o into u (Peak keeps the larger).
func (u *Usage) Add(o Usage) {
	u.Wall += o.Wall
	u.CPU += o.CPU
	u.Peak = max(u.Peak, o.Peak)
}

// Run runs cmd to completion and returns what it used; the error is cmd's.
func Run(cmd *exec.Cmd) (Usage, error) {
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return Usage{}, err
	}
	u := Usage{Wall: wall, CPU: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if r, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		u.Peak = r.Maxrss * 1024 // kilobytes on Linux
	}
	return u, err
}
