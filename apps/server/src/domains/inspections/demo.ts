export async function seedInspections() {}
