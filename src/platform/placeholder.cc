namespace graft::platform { void Placeholder() {} }
