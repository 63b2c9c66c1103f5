package reloader

import "time"

// backoff yields the pause before each retry: initial, then doubling up to
// maximum, until reset.
type backoff struct {
	initial time.Duration
	maximum time.Duration
	next    time.Duration
}

// Next returns the pause before the coming retry and lengthens the following one.
func (b *backoff) Next() time.Duration {
	current := b.next
	if current <= 0 {
		current = b.initial
	}
	b.next = min(current*2, b.maximum)
	if b.next < b.initial {
		b.next = b.initial
	}
	return current
}

// Reset starts the sequence again from initial.
func (b *backoff) Reset() { b.next = 0 }
