import { describe, expect, it } from 'vitest';
import type { ReadStoreErrorDetail } from '../../readStore/readStore.js';
import { rejected } from './context.js';
import type { ContractContext } from './context.js';

/** Operators outside the portable subset: each must be refused by name, never ignored. */
export const refusalContract = ({ make }: ContractContext): void => {
  describe('operators outside the portable subset', () => {
    const unsupported = async (promise: Promise<unknown>, operator: string, where: Extract<ReadStoreErrorDetail, { _tag: 'UnsupportedOperator' }>['where']): Promise<void> => {
      const error = await rejected(promise, 'UnsupportedOperator');
      expect(error.detail).toEqual({ _tag: 'UnsupportedOperator', operator, where } satisfies ReadStoreErrorDetail);
    };

    it('in filters', async () => {
      const c = (await make()).collection('c');
      await unsupported(c.find({ $where: 'this.a > 1' }), '$where', 'filter');
      await unsupported(c.find({ name: { $regex: '^a' } }), '$regex', 'filter');
      await unsupported(c.find({ $expr: { $gt: ['$a', 1] } }), '$expr', 'filter');
      // $text is in the subset at the top of a filter (see text.ts), not inside a field condition.
      await unsupported(c.find({ a: { $text: { $search: 'shoe' } } }), '$text', 'filter');
      await unsupported(c.find({ a: { $type: 'string' } }), '$type', 'filter');
      await unsupported(c.find({ a: { $mod: [2, 0] } }), '$mod', 'filter');
      await unsupported(c.count({ $and: [{ a: { $jsonSchema: {} } }] }), '$jsonSchema', 'filter');
      await unsupported(c.deleteMany({ a: { $near: [0, 0] } }), '$near', 'filter');
    });

    it('in updates', async () => {
      const c = (await make()).collection('c');
      await unsupported(c.updateOne({}, { $rename: { a: 'b' } }), '$rename', 'update');
      await unsupported(c.updateOne({}, { $mul: { a: 2 } }), '$mul', 'update');
      await unsupported(c.updateOne({}, { $currentDate: { a: true } }), '$currentDate', 'update');
      await unsupported(c.updateOne({}, { $set: { 'items.$.qty': 1 } }), 'items.$.qty', 'update');
      await unsupported(c.updateOne({}, { $set: { 'items.$[].qty': 1 } }), 'items.$[].qty', 'update');
      await unsupported(c.updateOne({}, { $push: { a: { $each: [1], $slice: -5 } } }), '$push.$slice', 'update');
    });

    it('in pipelines, projections and sorts', async () => {
      const c = (await make()).collection('c');
      await unsupported(c.aggregate([{ $lookup: { from: 'x', localField: 'a', foreignField: 'b', as: 'c' } }]), '$lookup', 'pipeline');
      await unsupported(c.aggregate([{ $out: 'x' }]), '$out', 'pipeline');
      await unsupported(c.aggregate([{ $merge: { into: 'x' } }]), '$merge', 'pipeline');
      await unsupported(c.aggregate([{ $group: { _id: null, f: { $accumulator: {} } } }]), '$accumulator', 'pipeline');
      await unsupported(c.aggregate([{ $project: { f: { $function: { body: 'x', args: [], lang: 'js' } } } }]), '$function', 'pipeline');
      await unsupported(c.aggregate([{ $project: { root: '$$ROOT' } }]), '$$ROOT', 'pipeline');
      await unsupported(c.aggregate([{ $match: { a: { $regex: 'x' } } }]), '$regex', 'filter');
      await unsupported(c.find({}, { projection: { a: { $slice: 1 } } as never }), '$slice', 'projection');
      await unsupported(c.find({}, { sort: { score: { $meta: 'textScore' } } as never }), '$meta', 'sort');
    });

    it('and malformed requests are refused as invalid queries', async () => {
      const c = (await make()).collection('c');
      await rejected(c.find({ a: { $in: 5 } }), 'InvalidQuery');
      await rejected(c.find({ a: { $gt: 1, b: 2 } }), 'InvalidQuery');
      await rejected(c.find({ a: { $gt: null } }), 'InvalidQuery');
      await rejected(c.find({}, { projection: { a: 1, b: 0 } }), 'InvalidQuery');
      await rejected(c.find({}, { limit: -1 }), 'InvalidQuery');
      await rejected(c.aggregate([{ $limit: 1, $skip: 1 }]), 'InvalidQuery');
    });
  });
};
