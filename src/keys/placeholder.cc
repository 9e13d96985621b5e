namespace graft::keys { void Placeholder() {} }
