// Validates a HAR file against the HAR 1.2 JSON schema with the npm package har-validator.
// Usage: node validate-har.js FILE   (NODE_PATH must reach the installed node_modules)
// Exit status: 0 valid, 1 invalid (the validator's errors on stderr), 2 unreadable, 3 no validator.
'use strict';

const fs = require('fs');

let validator;
try {
  validator = require('har-validator');
} catch (e) {
  console.error(`har-validator is not installed: ${e.message}`);
  process.exit(3);
}

const path = process.argv[2];
let data;
try {
  data = JSON.parse(fs.readFileSync(path, 'utf8'));
} catch (e) {
  console.error(`cannot read ${path} as JSON: ${e.message}`);
  process.exit(2);
}

validator.har(data).then(
  () => process.exit(0),
  (error) => {
    console.error(`${path} is not valid HAR 1.2:`);
    console.error(JSON.stringify(error.errors || error.message, null, 2));
    process.exit(1);
  });
