import { keyReaderContract, persistentKeyStoreContract } from '@shopstream/kernel/testing';
import { mingoKeyStorage } from './fixtures.js';

// The in-process storage other packages' tests read keys from (the audit's command line) behaves as the port says,
// through the key store's own documents and reads and the key reader's own code: the same suites `mongoKeyStore`
// and `mongoKeyReader` pass against a real server (MONGODB_URI), run here on every test run.

let storage = mingoKeyStorage();
const contents = (of: ReturnType<typeof mingoKeyStorage>) => async () => JSON.stringify({ subjects: of.subjects, meta: of.meta });

persistentKeyStoreContract('mongodb documents, in process (mingo)', {
  create: (masterKey) => (storage = mingoKeyStorage()).store(masterKey),
  reopen: (masterKey) => storage.store(masterKey),
});

keyReaderContract('mongodb documents, in process (mingo)', {
  create: (masterKey) => (storage = mingoKeyStorage()).store(masterKey),
  read: (masterKey) => storage.read(masterKey),
  stored: async () => contents(storage)(),
  missing: () => {
    const empty = mingoKeyStorage();
    return { read: (masterKey) => empty.read(masterKey), stored: contents(empty) };
  },
});
