// Placeholder until local mode lands: says what exists so far.
console.log(`Nudge local mode is not assembled yet.
What exists: the table schema (\`npx nudge table\`).`);
