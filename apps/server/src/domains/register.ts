// Side-effect imports: each domain registers its job handlers, scheduled tasks and demo seed steps here.
// Order matters for demo steps (later steps use earlier data).
export {};
