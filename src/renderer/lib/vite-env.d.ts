// Types for what Vite handles at build time (CSS side-effect imports, import.meta.env).
/// <reference types="vite/client" />
