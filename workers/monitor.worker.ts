/// <reference lib="webworker" />
import { expose } from 'comlink';
import { createMonitorApi } from './monitor-api';

expose(createMonitorApi());
