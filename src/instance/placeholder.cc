namespace graft::instance { void Placeholder() {} }
