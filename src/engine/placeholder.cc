namespace graft::engine { void Placeholder() {} }
