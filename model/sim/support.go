// This file implements support for Wonen Eerst (model/README.md 6.10,
// 6.11): a slot is held while housed with support, and gates allocation.

package sim

func (e *engine) releaseSupport(id int32) {
	p := &e.people[id]
	if p.flags&fSupported == 0 {
		return
	}
	p.flags &^= fSupported
	r := int(p.region)
	e.supportUse[r]--
	if e.supportCap != nil {
		defer e.fillDedicated(r)
	}
}
