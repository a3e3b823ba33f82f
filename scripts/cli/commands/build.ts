export { runBuild } from '../publish.ts';
