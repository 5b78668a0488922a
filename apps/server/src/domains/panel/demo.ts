export async function seedPanel() {}
