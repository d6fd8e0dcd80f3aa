package sim

import "testing"

// TestCandidateTieByNumber: when the heads of two waiting lists wait
// equally long, the home goes to the lower person number, also when a
// reused slot puts the later person in the lower slot.
func TestCandidateTieByNumber(t *testing.T) {
	m, err := compile(shipped(t, "eerst-een-thuis"))
	if err != nil {
		t.Fatal(err)
	}
	e := newEngine(m, 1)
	defer e.release()
	e.supportCap = nil
	typ := -1
	for i := range m.types {
		if m.types[i].fits[0] && m.types[i].fits[1] {
			typ = i
			break
		}
	}
	if typ < 0 || m.profiles < 2 {
		t.Fatal("the plan has no housing type that fits the first two profiles")
	}
	for i := range e.waitList {
		e.waitList[i].e = e.waitList[i].e[:0]
	}
	later := e.newPerson(0, 1, 0)   // slot 0, number 0 for now
	earlier := e.newPerson(0, 0, 0) // slot 1
	e.people[later].number, e.people[earlier].number = 9, 3
	const since = 100.0
	e.waitList[e.listIndex(0, 0, 1)].push(e.people, later, since)
	e.waitList[e.listIndex(0, 0, 0)].push(e.people, earlier, since)
	if got := e.candidate(0, typ); got != earlier {
		t.Errorf("candidate is slot %d (number %d), want slot %d (number 3)", got, e.people[got].number, earlier)
	}
}
