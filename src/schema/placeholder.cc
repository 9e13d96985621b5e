// placeholder until the schema engine lands (issue 3)
namespace graft::schema { void Placeholder() {} }
