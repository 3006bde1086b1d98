package tuitest

import (
	"context"
	"testing"
	"time"
)

func TestClockWakesSleepersWhenAdvancedPastThem(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := NewClock(start)
	done := make(chan bool, 1)
	go func() { done <- c.Sleep(context.Background(), time.Minute) }()
	c.WaitSleepers(t, 1, 10*time.Second)
	c.Advance(59 * time.Second)
	if c.Sleepers() != 1 {
		t.Fatal("woke before its time")
	}
	c.Advance(time.Second)
	if !<-done {
		t.Fatal("Sleep should report the whole duration passed")
	}
	if got := c.Now(); !got.Equal(start.Add(time.Minute)) {
		t.Fatalf("now %v", got)
	}
}

func TestClockSleepEndsWithItsContext(t *testing.T) {
	c := NewClock(time.Unix(0, 0))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan bool, 1)
	go func() { done <- c.Sleep(ctx, time.Hour) }()
	c.WaitSleepers(t, 1, 10*time.Second)
	cancel()
	if <-done {
		t.Fatal("a cancelled Sleep reported the duration passed")
	}
	c.WaitSleepers(t, 0, 10*time.Second)
}
