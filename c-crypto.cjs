require('node:crypto');
