namespace graft::store { void Placeholder() {} }
